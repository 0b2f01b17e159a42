// `rights authorize`: single and batch approval, filters, dry run, confirmation, partial failure and
// the request budget (Space HTTP API).
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter, spawnCli } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS, writesSince } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s) as any;
const GLOBAL_RIGHTS = ['Profile.Edit', 'Team.Edit'];
const PROJECT_RIGHTS = ['Project.Issues.View', 'Project.Issues.Edit'];

/** Creates `count` apps `${prefix}-1..count` with rights REQUESTED in global and BACKEND (emulator control API). */
async function seedApps(prefix: string, count: number, contexts = ['global', 'project:key:BACKEND']): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/seed-apps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ count, prefix, ownerToken: 'member', requested: contexts.map((context) => ({ context, rights: context === 'global' ? GLOBAL_RIGHTS : PROJECT_RIGHTS })) }),
  });
  expect(res.status).toBe(200);
}

async function statuses(app: string, who: 'admin' | 'member' = 'admin'): Promise<string[]> {
  const r = await runCli(['rights', 'list', '--app', app, '--all-contexts', '--json'], { env: envFor(emu, who) });
  expect(r.code).toBe(0);
  return (json(r.stdout) as Array<{ context: string; code: string; status: string }>).map((x) => `${x.context} ${x.code} ${x.status}`).sort();
}

/** Only the apps of one seed prefix are in play: other tests' apps are approved first so --all-apps sees only these. */
async function approveEverything(): Promise<void> {
  const r = await runCli(['rights', 'authorize', '--all-apps', '--yes', '--json'], { env: envFor(emu, 'admin') });
  expect(r.code).toBe(0);
}

describe('rights authorize', () => {
  test('the project admin approves project rights but is denied global ones (exit 5; 4 with --global only)', async () => {
    await seedApps('pat', 1);
    const g = await runCli(['rights', 'authorize', '--app', 'pat-1', '--global', '--yes'], { env: envFor(emu, 'projectAdmin') });
    expect(g.code).toBe(4);
    expect(g.stdout).toMatch(/✗ pat-1 .*global: permission-denied/);
    expect(g.stderr).toMatch(/approving global rights needs a Space administrator/);

    const r = await runCli(['rights', 'authorize', '--app', 'pat-1', '--yes', '--json'], { env: envFor(emu, 'projectAdmin') });
    expect(r.code).toBe(5);
    const out = json(r.stdout);
    expect(out.summary).toEqual({ apps: 1, approved: 2, rejected: 0, failed: 1, skipped: 0 });
    const byContext = Object.fromEntries(out.apps[0].contexts.map((c: { context: string }) => [c.context, c]));
    expect(byContext.global).toMatchObject({ errorCode: 'permission-denied', rights: [{ code: 'Profile.Edit', status: 'failed' }, { code: 'Team.Edit', status: 'failed' }] });
    expect(byContext.global.error).toMatch(/context 'global'/);
    expect(byContext['project:key:BACKEND']).toEqual({ context: 'project:key:BACKEND', rights: [{ code: 'Project.Issues.View', status: 'granted' }, { code: 'Project.Issues.Edit', status: 'granted' }] });
    expect(await statuses('pat-1')).toEqual([
      'global Profile.Edit requested', 'global Team.Edit requested',
      'project:key:BACKEND Project.Issues.Edit granted', 'project:key:BACKEND Project.Issues.View granted',
    ]);
    // The project admin's --project run has nothing left to do and is a no-op.
    const n = emu.requests().length;
    const again = await runCli(['rights', 'authorize', '--app', 'pat-1', '--project', 'BACKEND', '--yes'], { env: envFor(emu, 'projectAdmin') });
    expect(again.code).toBe(0);
    expect(writesSince(emu, n)).toEqual([]);
  });

  test('the admin batch-approves many apps; a re-run sends no write', async () => {
    await approveEverything();
    await seedApps('batch', 30);
    const r = await runCli(['rights', 'authorize', '--all-apps', '--yes', '--json', '--concurrency', '4'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.summary).toMatchObject({ approved: 120, rejected: 0, failed: 0 });
    const batch = out.apps.filter((a: { app: { name: string } }) => a.app.name.startsWith('batch-'));
    expect(batch).toHaveLength(30);
    expect(batch.every((a: { status: string }) => a.status === 'ok')).toBe(true);
    expect(await statuses('batch-17')).toEqual([
      'global Profile.Edit granted', 'global Team.Edit granted',
      'project:key:BACKEND Project.Issues.Edit granted', 'project:key:BACKEND Project.Issues.View granted',
    ]);

    const n = emu.requests().length;
    const again = await runCli(['rights', 'authorize', '--all-apps', '--yes'], { env: envFor(emu, 'admin') });
    expect(again.code).toBe(0);
    expect(writesSince(emu, n)).toEqual([]);
    expect(again.stderr).toMatch(/Approved 0 rights/);
  });

  test('--reject with --right and --project rejects only those', async () => {
    await seedApps('rej', 2);
    const r = await runCli(['rights', 'authorize', '--app', 'rej-1', '--app', 'rej-2', '--project', 'BACKEND', '--right', 'View issues', '--reject', '--yes'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ rej-1 .*project BACKEND: rejected Project\.Issues\.View/);
    expect(await statuses('rej-2')).toEqual([
      'global Profile.Edit requested', 'global Team.Edit requested',
      'project:key:BACKEND Project.Issues.Edit requested', 'project:key:BACKEND Project.Issues.View rejected',
    ]);
  });

  test('--dry-run shows the plan and changes nothing', async () => {
    await seedApps('dry', 3);
    const n = emu.requests().length;
    const r = await runCli(['rights', 'authorize', '--app', 'dry-1', '--app', 'dry-2', '--dry-run', '--json'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(3); // changes pending, as `plan` says it
    expect(writesSince(emu, n)).toEqual([]);
    const out = json(r.stdout);
    expect(out.summary).toEqual({ apps: 2, approved: 8, rejected: 0, failed: 0, skipped: 0, dryRun: true });
    expect(out.apps[0].contexts[0].rights[0].status).toBe('would-grant');
    expect(await statuses('dry-1')).toContain('global Profile.Edit requested');

    // Once there is nothing left to decide, a dry run is "in sync": exit 0.
    expect((await runCli(['rights', 'authorize', '--app', 'dry-3', '--yes'], { env: envFor(emu, 'admin') })).code).toBe(0);
    expect((await runCli(['rights', 'authorize', '--app', 'dry-3', '--dry-run'], { env: envFor(emu, 'admin') })).code).toBe(0);
  });

  test('without --yes: refuses without a TTY; with one it shows the plan, asks, and applies', async () => {
    await seedApps('ask', 1);
    const n = emu.requests().length;
    const refused = await runCli(['rights', 'authorize', '--app', 'ask-1'], { env: envFor(emu, 'admin') });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to change rights without --yes/);
    expect(emu.requests().length).toBe(n);

    const declined = await runCli(['rights', 'authorize', '--app', 'ask-1'], { env: envFor(emu, 'admin'), tty: true, prompter: scriptedPrompter([false]) });
    expect(declined.code).toBe(130);
    expect(declined.stderr).toMatch(/Will approve 4 requested rights in 2 contexts of 1 application \(1 checked\)/);
    expect(writesSince(emu, n)).toEqual([]);

    const prompter = scriptedPrompter([true]);
    const ok = await runCli(['rights', 'authorize', '--app', 'ask-1'], { env: envFor(emu, 'admin'), tty: true, prompter });
    expect(ok.code).toBe(0);
    expect(prompter.asked).toEqual(['Approve these 4 rights?']);
    expect(await statuses('ask-1')).toEqual([
      'global Profile.Edit granted', 'global Team.Edit granted',
      'project:key:BACKEND Project.Issues.Edit granted', 'project:key:BACKEND Project.Issues.View granted',
    ]);
  });

  test('bad input is a usage error before any request', async () => {
    const n = emu.requests().length;
    const cases: string[][] = [
      ['rights', 'authorize', '--yes'],
      ['rights', 'authorize', '--app', 'x', '--all-apps', '--yes'],
      ['rights', 'authorize', '--all-apps', '--concurrency', '65', '--yes'],
      ['rights', 'authorize', '--all-apps', '--concurrency', '0', '--yes'],
      ['rights', 'authorize', '--all-apps', '--right', 'Nope.Right', '--yes'],
    ];
    for (const argv of cases) {
      const r = await runCli(argv, { env: envFor(emu, 'admin') });
      expect([argv.join(' '), r.code]).toEqual([argv.join(' '), 2]);
    }
    expect(emu.requests().length).toBe(n);
    const noProject = await runCli(['rights', 'authorize', '--all-apps', '--project', 'NOPE', '--yes'], { env: envFor(emu, 'admin') });
    expect(noProject.code).toBe(1);
    expect(noProject.stderr).toMatch(/no project with key NOPE/);
    expect(writesSince(emu, n)).toEqual([]);
  });

  test('one app deleted mid-batch: exit 5, the others are still approved', async () => {
    await approveEverything();
    await seedApps('gone', 10);
    const list = await runCli(['app', 'list', '--name', 'gone-', '--json'], { env: envFor(emu, 'admin') });
    const apps = json(list.stdout) as Array<{ id: string; name: string }>;
    const victim = apps.find((a) => a.name === 'gone-7')!;
    // Slow the server down and run one app at a time, so the victim is deleted after the listing
    // (which happened) but before its turn comes.
    emu.setLatency(15);
    try {
      const n = emu.requests().length;
      const running = spawnCli(['rights', 'authorize', '--all-apps', '--yes', '--json', '--concurrency', '1'], { env: envFor(emu, 'admin') });
      for (let i = 0; i < 400 && !emu.requests().slice(n).some((r) => r.path.endsWith('/applications/paged')); i++) await new Promise((r) => setTimeout(r, 10));
      const del = await fetch(`${emu.url}/api/http/applications/id:${victim.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKENS.admin}` } });
      expect(del.status).toBe(200);
      const r = await running;
      expect(r.code).toBe(5);
      const out = json(r.stdout);
      expect(out.summary).toMatchObject({ failed: 1, approved: 36 });
      const failed = out.apps.find((a: { app: { id: string } }) => a.app.id === victim.id);
      expect(failed.status).toBe('failed');
      expect(failed.error ?? failed.contexts[0].error).toMatch(/not-found/);
      expect(out.apps.filter((a: { status: string }) => a.status === 'ok')).toHaveLength(9);
    } finally {
      emu.setLatency(0);
    }
    expect(await statuses('gone-8')).toContain('project:key:BACKEND Project.Issues.View granted');
  });

  test('an injected not-found on one app\'s rights: that app fails, the others are approved (exit 5)', async () => {
    await approveEverything();
    await seedApps('fault', 5);
    const list = await runCli(['app', 'list', '--name', 'fault-', '--json'], { env: envFor(emu, 'admin') });
    const victim = (json(list.stdout) as Array<{ id: string; name: string }>).find((a) => a.name === 'fault-3')!;
    emu.injectFault({ pathPrefix: `/applications/id:${victim.id}/authorizations/authorized-rights`, status: 404, error: 'not-found', count: 1 });
    const r = await runCli(['rights', 'authorize', '--all-apps', '--yes'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(5);
    expect(r.stdout).toMatch(/✗ fault-3 .*not-found/);
    expect(r.stdout.match(/✓ fault-/g)).toHaveLength(4);
    expect(r.stderr).toMatch(/1 failed/);
  });

  test('request budget over 40 apps with pending rights in two contexts', async () => {
    await approveEverything();
    await seedApps('count', 40);
    const n = emu.requests().length;
    const r = await runCli(['rights', 'authorize', '--all-apps', '--yes', '--json'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(0);
    const sent = emu.requests().slice(n);
    const out = json(r.stdout);
    const ids = new Set<string>(out.apps.map((a: { app: { id: string } }) => a.app.id));
    const per = (method: string, suffix: string) => {
      const m = new Map<string, number>();
      for (const q of sent) {
        if (q.method !== method || !q.path.endsWith(suffix)) continue;
        const key = `${/applications\/id:([^/]+)\//.exec(q.path)?.[1]} ${String(q.query.contextIdentifier ?? (q.body as { contextIdentifier?: string })?.contextIdentifier ?? '')}`;
        m.set(key, (m.get(key) ?? 0) + 1);
      }
      return m;
    };
    const contexts = per('GET', '/authorizations/authorized-contexts');
    const gets = per('GET', '/authorizations/authorized-rights');
    const patches = per('PATCH', '/authorizations/authorized-rights');
    expect(contexts.size).toBe(ids.size);
    expect(Math.max(...contexts.values())).toBe(1);
    // Every app has been through the global and BACKEND contexts (earlier tests' apps included).
    expect(Math.max(...gets.values())).toBe(1);
    expect(Math.max(...patches.values())).toBe(1);
    const seeded = out.apps.map((r: { app: { id: string; name: string } }) => r.app).filter((a: { name: string }) => a.name.startsWith('count-'));
    expect(seeded).toHaveLength(40);
    for (const a of seeded) {
      expect(gets.get(`${a.id} global`)).toBe(1);
      expect(gets.get(`${a.id} project:key:BACKEND`)).toBe(1);
      expect(patches.get(`${a.id} global`)).toBe(1);
      expect(patches.get(`${a.id} project:key:BACKEND`)).toBe(1);
    }
    // Only the 40 seeded apps had pending rights: 80 PATCHes, each carrying both updates.
    expect(patches.size).toBe(80);
    const bodies = sent.filter((q) => q.method === 'PATCH').map((q) => (q.body as { updates: unknown[] }).updates.length);
    expect(bodies.every((u) => u === 2)).toBe(true);
    // Nothing else was written.
    expect(sent.filter((q) => q.method !== 'GET' && !(q.method === 'PATCH' && q.path.endsWith('/authorized-rights')))).toEqual([]);
  });
});
