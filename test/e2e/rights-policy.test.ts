// `rights authorize --policy`: first matching rule wins (reject before approve), context and app globs,
// unmatched rights left pending and listed, --dry-run sends nothing, bad policies refused with file:line:col
// before any request.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS, writesSince } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s) as any;
const dir = tmpDir('spacectl-policy-');
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

const GLOBAL_RIGHTS = ['Superadmin', 'Profile.View', 'Team.View'];
const PROJECT_RIGHTS = ['Project.Admin', 'Project.View', 'Project.Issues.View'];

async function seed(prefix: string, count: number): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/seed-apps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ count, prefix, ownerToken: 'member', requested: [{ context: 'global', rights: GLOBAL_RIGHTS }, { context: 'project:key:BACKEND', rights: PROJECT_RIGHTS }] }),
  });
  expect(res.status).toBe(200);
}

const POLICY = `# reject first, even where a later rule would approve
rules:
  - action: reject
    rights: [Superadmin, "*.Admin*"]
  - action: approve
    rights: ["Project.*"]
    contexts: ["project:BACK*"]
    apps: ["ci-*"]
  - action: approve
    rights: [View member profiles]
    contexts: [global]
`;

/** app name → "context code status" lines (rights list). */
async function statuses(app: string): Promise<string[]> {
  const r = await runCli(['rights', 'list', '--app', app, '--all-contexts', '--json'], { env: envFor(emu, 'admin') });
  expect(r.code).toBe(0);
  return (json(r.stdout) as Array<{ context: string; code: string; status: string }>).map((x) => `${x.context} ${x.code} ${x.status}`).sort();
}

/** What the policy above must decide, per app prefix: `context code decision rule`. */
const expected = (ci: boolean) => [
  'global Superadmin reject 0', 'global Profile.View approve 2', 'global Team.View pending -',
  'project:key:BACKEND Project.Admin reject 0',
  `project:key:BACKEND Project.View ${ci ? 'approve 1' : 'pending -'}`,
  `project:key:BACKEND Project.Issues.View ${ci ? 'approve 1' : 'pending -'}`,
].sort();

const WORDS: Record<string, string> = { 'would-grant': 'approve', 'would-reject': 'reject', granted: 'approve', rejected: 'reject', pending: 'pending' };
const decisions = (app: any): string[] =>
  app.contexts.flatMap((c: any) => c.rights.map((r: any) => `${c.context} ${r.code} ${WORDS[r.status] ?? r.status} ${r.rule ?? '-'}`)).sort();

beforeAll(async () => {
  await seed('ci', 2);
  await seed('web', 2);
});

describe('rights authorize --policy', () => {
  test('--dry-run: every decision with its rule, unmatched listed, and no write sent', async () => {
    const file = write('policy.yaml', POLICY);
    const n = emu.requests().length;
    const r = await runCli(['rights', 'authorize', '--app', 'ci-1', '--app', 'web-1', '--policy', file, '--dry-run', '--json'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(3); // decisions to send: changes pending, as `plan` says it
    expect(writesSince(emu, n)).toEqual([]);
    const out = json(r.stdout);
    const byName = Object.fromEntries(out.apps.map((a: any) => [a.app.name, a]));
    expect(decisions(byName['ci-1'])).toEqual(expected(true));
    expect(decisions(byName['web-1'])).toEqual(expected(false));
    expect(out.summary).toEqual({ apps: 2, approved: 4, rejected: 4, unmatched: 4, failed: 0, skipped: 0, policy: file, dryRun: true });

    const human = await runCli(['rights', 'authorize', '--app', 'web-1', '--policy', file, '--dry-run'], { env: envFor(emu, 'admin') });
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/global\s+reject\s+Superadmin\s+rules\[0\]/);
    expect(human.stdout).toMatch(/global\s+approve\s+Profile\.View\s+rules\[2\]/);
    expect(human.stdout).toMatch(/project BACKEND\s+pending\s+Project\.View\s+no rule matched/);
    expect(human.stderr).toMatch(/Would approve 1, reject 2 .* 3 left pending \(no rule matched\)/);
    expect(human.stderr).toMatch(/Left pending: .*Team\.View ×1/);
    expect(writesSince(emu, n)).toEqual([]);
    expect(await statuses('ci-1')).toContain('global Superadmin requested');
  });

  test('applied to all apps: reject-before-approve, context and app globs; one PATCH per app and context; unmatched stay pending', async () => {
    const file = write('policy.json', JSON.stringify(json(JSON.stringify({ rules: [
      { action: 'reject', rights: ['Superadmin', '*.Admin*'] },
      { action: 'approve', rights: ['Project.*'], contexts: ['project:BACK*'], apps: ['ci-*'] },
      { action: 'approve', rights: ['View member profiles'], contexts: ['global'] },
    ] })), null, 2));
    const n = emu.requests().length;
    const journal = path.join(dir, 'journal.jsonl');
    const r = await runCli(['rights', 'authorize', '--all-apps', '--policy', file, '--yes', '--json'], { env: envFor(emu, 'admin', { SPACECTL_JOURNAL: journal }) });
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.summary).toMatchObject({ approved: 8, rejected: 8, unmatched: 8, failed: 0 });
    // The audit journal has each PATCH and, for each decided right, the rule that decided it.
    const lines = fs.readFileSync(journal, 'utf8').trim().split('\n').map((l) => json(l));
    expect(lines.filter((l) => l.operation.startsWith('PATCH '))).toHaveLength(8);
    const decided = lines.filter((l) => l.operation === 'policy decision');
    expect(decided).toHaveLength(16);
    expect(decided.every((l) => l.policy === file && l.result === 'ok' && l.command === 'rights authorize')).toBe(true);
    const idOf = (name: string) => out.apps.find((a: any) => a.app.name === name).app.id;
    expect(decided.filter((l) => l.app === `id:${idOf('ci-1')}`).map((l) => `${l.context} ${l.rights[0]} ${l.rule}`).sort()).toEqual([
      'global Profile.View=GRANTED 2', 'global Superadmin=REJECTED 0',
      'project:key:BACKEND Project.Admin=REJECTED 0', 'project:key:BACKEND Project.Issues.View=GRANTED 1', 'project:key:BACKEND Project.View=GRANTED 1',
    ]);
    for (const a of out.apps.filter((x: any) => /^(ci|web)-/.test(x.name))) expect(decisions(a)).toEqual(expected(a.name.startsWith('ci-')));

    const patches = emu.requests().slice(n).filter((q) => q.method === 'PATCH');
    // ci: global + BACKEND; web: global + BACKEND (Project.Admin rejected there): 8 PATCHes, mixed updates in one body.
    expect(patches).toHaveLength(8);
    expect(writesSince(emu, n)).toHaveLength(8);
    const ciBackend = patches.map((q) => q.body as any).find((b) => b.contextIdentifier === 'project:key:BACKEND' && b.updates.length === 3);
    expect(ciBackend.updates).toEqual(expect.arrayContaining([
      { rightCode: 'Project.Admin', status: 'REJECTED' }, { rightCode: 'Project.View', status: 'GRANTED' }, { rightCode: 'Project.Issues.View', status: 'GRANTED' },
    ]));

    expect(await statuses('ci-2')).toEqual([
      'global Profile.View granted', 'global Superadmin rejected', 'global Team.View requested',
      'project:key:BACKEND Project.Admin rejected', 'project:key:BACKEND Project.Issues.View granted', 'project:key:BACKEND Project.View granted',
    ]);
    expect(await statuses('web-2')).toEqual([
      'global Profile.View granted', 'global Superadmin rejected', 'global Team.View requested',
      'project:key:BACKEND Project.Admin rejected', 'project:key:BACKEND Project.Issues.View requested', 'project:key:BACKEND Project.View requested',
    ]);

    // A re-run finds only unmatched rights: no write at all.
    const m = emu.requests().length;
    const again = await runCli(['rights', 'authorize', '--all-apps', '--policy', file, '--yes'], { env: envFor(emu, 'admin') });
    expect(again.code).toBe(0);
    expect(writesSince(emu, m)).toEqual([]);
    expect(again.stderr).toMatch(/Approved 0, rejected 0 .* 8 left pending/);
  });

  test('a bad policy is refused with file:line:col before anything is read from the server', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['unknown-key.yaml', 'rules:\n  - action: approve\n    rights: [Team.View]\n    projects: [BACKEND]\n', /unknown-key\.yaml:4:5: rules\[0\]\.projects: unknown key/],
      ['bad-glob.yaml', 'rules:\n  - action: approve\n    rights: ["Project.[A-Z]*"]\n', /bad-glob\.yaml:3:14: rules\[0\]\.rights\[0\]: .*only \* is a wildcard/],
      ['double-star.yaml', 'rules:\n  - action: reject\n    rights: ["**"]\n', /double-star\.yaml:3:14: rules\[0\]\.rights\[0\]: .*"\*\*"/],
      ['empty-rule.yaml', 'rules:\n  - action: approve\n    rights: [Team.View]\n  - {}\n', /empty-rule\.yaml:4:5: rules\[1\]: missing required key "action"/],
      ['no-rights.yaml', 'rules:\n  - action: approve\n    rights: []\n', /no-rights\.yaml:3:13: rules\[0\]\.rights: must not be empty/],
      ['typo.yaml', 'rules:\n  - action: approve\n    rights: [Team.Veiw]\n', /typo\.yaml:3:14: rules\[0\]\.rights\[0\]: unknown right "Team\.Veiw"; did you mean Team\.View/],
      ['no-match.yaml', 'rules:\n  - action: approve\n    rights: ["Nothing.*"]\n', /no-match\.yaml:3:14: .*matches no known right/],
      ['context.yaml', 'rules:\n  - action: approve\n    rights: [Team.View]\n    contexts: [channel:general]\n', /context\.yaml:4:16: rules\[0\]\.contexts\[0\]: "channel:general" is not a context/],
      ['action.yaml', 'rules:\n  - action: grant\n    rights: [Team.View]\n', /action\.yaml:2:13: rules\[0\]\.action: must be one of "approve", "reject"/],
      ['syntax.yaml', 'rules:\n  - action: approve\n    rights: [Team.View\n', /syntax\.yaml:\d+:\d+: /],
    ];
    const n = emu.requests().length;
    for (const [name, text, pattern] of cases) {
      const r = await runCli(['rights', 'authorize', '--all-apps', '--policy', write(name, text), '--yes'], { env: envFor(emu, 'admin') });
      expect([name, r.code]).toEqual([name, 2]);
      expect(r.stderr).toMatch(pattern);
    }
    const missing = await runCli(['rights', 'authorize', '--all-apps', '--policy', path.join(dir, 'nope.yaml'), '--yes'], { env: envFor(emu, 'admin') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--policy .*nope\.yaml: no such file/);
    const reject = await runCli(['rights', 'authorize', '--all-apps', '--policy', write('ok.yaml', POLICY), '--reject', '--yes'], { env: envFor(emu, 'admin') });
    expect(reject.code).toBe(2);
    expect(reject.stderr).toMatch(/--reject cannot be combined with --policy/);
    expect(emu.requests().length).toBe(n);
  });

  test('without --yes: refuses without a terminal; on one it shows the plan and asks before sending', async () => {
    await seed('ask', 1);
    const file = write('ask.yaml', POLICY);
    const n = emu.requests().length;
    const refused = await runCli(['rights', 'authorize', '--app', 'ask-1', '--policy', file], { env: envFor(emu, 'admin') });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to change rights without --yes/);
    const declined = await runCli(['rights', 'authorize', '--app', 'ask-1', '--policy', file], { env: envFor(emu, 'admin'), tty: true, prompter: scriptedPrompter([false]) });
    expect(declined.code).toBe(130);
    expect(declined.stderr).toMatch(/The policy would approve 1 and reject 2 requested rights in 2 contexts; 3 match no rule and stay pending/);
    expect(writesSince(emu, n)).toEqual([]);
    const prompter = scriptedPrompter([true]);
    const ok = await runCli(['rights', 'authorize', '--app', 'ask-1', '--policy', file], { env: envFor(emu, 'admin'), tty: true, prompter });
    expect(ok.code).toBe(0);
    expect(prompter.asked).toEqual(['Apply these 3 decisions?']);
    expect(await statuses('ask-1')).toContain('global Superadmin rejected');
  });

  test('the shipped example policy is valid', async () => {
    const n = emu.requests().length;
    const r = await runCli(['rights', 'authorize', '--app', 'web-1', '--policy', path.resolve('examples/policy.yaml'), '--dry-run'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(3); // it decides something for web-1
    expect(writesSince(emu, n)).toEqual([]);
  });
});
