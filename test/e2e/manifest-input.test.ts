// Hostile and careless manifest input, through the real CLI: every mistake is exit 2 with `file:line:col`, said
// before any write; nothing is silently ignored, crashes as "a bug in spacectl", or sends an empty secret.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { ROOT, runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS, writesSince } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

function manifest(text: string, name = 'spacectl.yaml'): string {
  const file = path.join(tmpDir('spacectl-input-'), name);
  fs.writeFileSync(file, text);
  return file;
}

/** Runs `plan` (or another command) and checks that nothing at all reached the server when it is refused. */
async function refused(argv: string[], env = envFor(emu)) {
  const before = emu.requests().length;
  const r = await runCli(argv, { env });
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/bug in spacectl/);
  expect(emu.requests().length).toBe(before);
  return r;
}

test('a misspelt key is an error at its line and column with the key it probably meant, not ignored', async () => {
  const file = manifest('version: 2\napps:\n  - name: typo-bot\n    rigths:\n      global: [Profile.View]\n    flows:\n      authorizationCode:\n        redirectURIs: [https://bot.example.com/cb]\n');
  const r = await refused(['plan', '-f', file]);
  expect(r.stderr).toContain(`${file}:4:5: apps[0].rigths: unknown key; did you mean "rights"?`);
  expect(r.stderr).toContain(`${file}:8:9: apps[0].flows.authorizationCode.redirectURIs: unknown key; did you mean "redirectUris"?`);
  // A key like nothing allowed gets the list, not a wild guess.
  const far = await refused(['plan', '-f', manifest('version: 2\napps:\n  - name: x\n    colour: red\n')]);
  expect(far.stderr).toMatch(/apps\[0\]\.colour: unknown key \(allowed: name, /);
});

test('a duplicate key is named, in YAML and in JSON', async () => {
  const y = await refused(['plan', '-f', manifest('version: 2\napps:\n  - name: dup\n    description: one\n    description: two\n')]);
  expect(y.stderr).toMatch(/spacectl\.yaml:5:5: duplicate key "description"/);
  const j = await refused(['plan', '-f', manifest('{"version": 2, "apps": [{"name": "a", "name": "b"}]}', 'm.json')]);
  expect(j.stderr).toMatch(/m\.json:1:\d+: duplicate key "name"/);
});

test('nested aliases that expand exponentially are refused as input (exit 2); a rights list reused by many apps is fine', async () => {
  let bomb = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (const [n, p] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g'], ['i', 'h']]) bomb += `${n}: &${n} [${Array(9).fill(`*${p}`).join(', ')}]\n`;
  const file = manifest(`${bomb}version: 2\napps: []\n`);
  const r = await refused(['plan', '-f', file]);
  expect(r.stderr).toContain(`${file}: YAML aliases (*name) expand into too much`);
  const policy = await refused(['rights', 'authorize', '--all-apps', '--policy', manifest(`${bomb}rules: []\n`, 'policy.yaml'), '--dry-run']);
  expect(policy.stderr).toMatch(/policy\.yaml: YAML aliases \(\*name\) expand into too much/);

  // 150 apps sharing one anchored rights list: an ordinary manifest, read like any other.
  let shared = 'version: 2\napps:\n  - name: shared-anchor\n    rights: &r\n      global: [Profile.View]\n';
  for (let i = 0; i < 150; i++) shared += `  - name: shared-${i}\n    rights: *r\n`;
  const many = await runCli(['plan', '-f', manifest(shared)], { env: envFor(emu) });
  expect(many.stderr).not.toMatch(/bug in spacectl|expand into too much/);
  expect(many.code).toBe(3);
  expect(many.stdout).toMatch(/Plan: 151 to create/);
}, 60_000);

test('an empty or blank secret file is no secret: refused before any write, never sent as an empty token', async () => {
  for (const content of ['', '\n', '   \n']) {
    const file = manifest('version: 2\napps:\n  - name: empty-secret\n    endpoint:\n      uri: https://bot.example.com/hook\n      appLevelAuth:\n        bearer:\n          token: { file: token.txt }\n');
    fs.writeFileSync(path.join(path.dirname(file), 'token.txt'), content);
    const since = emu.requests().length;
    const r = await runCli(['apply', '-f', file, '--yes'], { env: envFor(emu) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the bearer token is needed .* but its reference gives no value/);
    expect(writesSince(emu, since)).toEqual([]);
  }
  const blankEnv = await runCli(['apply', '-f', manifest('version: 2\napps:\n  - name: empty-secret\n    endpoint:\n      appLevelAuth:\n        basic:\n          username: bot\n          password: { env: BOT_PASSWORD }\n'), '--yes'],
    { env: envFor(emu, 'admin', { BOT_PASSWORD: '  ' }) });
  expect(blankEnv.code).toBe(2);
  expect((await runCli(['app', 'show', '--app', 'empty-secret'], { env: envFor(emu) })).code).toBe(1);
});

test('app names: one name in two Unicode forms is one app twice; a case-only difference is a warning', async () => {
  const file = manifest('version: 2\napps:\n  - name: "caf\\u00e9"\n  - name: "cafe\\u0301"\n');
  const r = await refused(['plan', '-f', file]);
  expect(r.stderr).toContain(`${file}:4:11: apps[1].name: "cafe\u0301" is already described by apps[0] (the same name in another Unicode normalization form)`);

  const cased = await runCli(['plan', '-f', manifest('version: 2\napps:\n  - name: Deploy-Bot\n  - name: deploy-bot\n')], { env: envFor(emu) });
  expect(cased.code).toBe(3);
  expect(cased.stderr).toMatch(/apps\[1\] "deploy-bot" and apps\[0\] "Deploy-Bot" differ only by case/);
  expect(cased.stdout).toMatch(/Plan: 2 to create/);
});

test('a manifest creates no app that app create would refuse to name (control characters, id:/clientId:), before any write', async () => {
  for (const [name, message] of [['id:evil', /apps\[1\]\.name "id:evil" would be read as an application reference/], ['bell\\a', /apps\[1\]\.name "bell\\u0007" contains a control character/]] as const) {
    const since = emu.requests().length;
    const r = await runCli(['apply', '-f', manifest(`version: 2\napps:\n  - name: fine-before-${since}\n  - name: "${name}"\n`), '--yes'], { env: envFor(emu) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('\u0007');
    expect(writesSince(emu, since)).toEqual([]);
  }
});

test('an app that already has such a name (made in the UI) is still managed: its export plans in sync', async () => {
  const created = await fetch(`${emu.url}/api/http/applications`, {
    method: 'POST', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'id:legacy' }),
  });
  expect(created.status).toBe(200);
  const id = (await created.json() as { id: string }).id;
  const file = path.join(tmpDir('spacectl-input-'), 'legacy.yaml');
  const exp = await runCli(['app', 'export', '--app', `id:${id}`, '-o', file], { env: envFor(emu) });
  expect(exp.code).toBe(0);
  const plan = await runCli(['plan', '-f', file], { env: envFor(emu) });
  expect(plan.stderr).toBe('');
  expect(plan.code).toBe(0);
  expect(plan.stdout).toMatch(/= app id:legacy .*in sync/);
});

test('control characters in manifest values reach the terminal escaped, never raw (errors and plan lines)', async () => {
  const ESC = '\u001b';
  const right = await refused(['plan', '-f', manifest('version: 2\napps:\n  - name: esc-bot\n    rights:\n      global: ["\\e[31mProfile.View"]\n')]);
  expect(right.stderr).not.toContain(ESC);
  expect(right.stderr).toContain('unknown right "\\u001b[31mProfile.View"');
  const project = await refused(['plan', '-f', manifest('version: 2\napps:\n  - name: esc-bot\n    rights:\n      projects:\n        "WEB\\e[0m": [Project.View]\n')]);
  expect(project.stderr).not.toContain(ESC);
  expect(project.stderr).toMatch(/apps\[0\]\.rights\.projects\.WEB\\u001b\[0m: not a project key/);
  expect(project.stderr).toMatch(/not a valid manifest \(1 problem\):\n[^\n]+\nhint:/); // no blank problem line

  // A comment the plan prints back, carrying a terminal title sequence.
  const key = fs.readFileSync(path.join(ROOT, 'test/fixtures/ssh/ed25519.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const plan = await runCli(['plan', '-f', manifest(`version: 2\napps:\n  - name: esc-bot\n    sshKeys:\n      - key: "${key}"\n        comment: "ci\\e]0;pwned\\a"\n`)], { env: envFor(emu) });
  expect(plan.code).toBe(3);
  expect(plan.stdout).toContain('ci\\u001b]0;pwned\\u0007');
  expect(plan.stdout).not.toContain(ESC);
});

test('an endless or huge input is refused after a bounded read (exit 2), never read to the end: manifest, policy, secret and key files', async () => {
  const zero = await refused(['plan', '-f', '/dev/zero']);
  expect(zero.stderr).toMatch(/-f \/dev\/zero: larger than 16 MiB, the most spacectl reads; split it/);
  const policy = await refused(['rights', 'authorize', '--all-apps', '--policy', '/dev/zero', '--dry-run']);
  expect(policy.stderr).toMatch(/--policy \/dev\/zero: larger than 16 MiB/);
  const big = manifest(`version: 2\napps: []\n${'#'.repeat(1023)}\n`.repeat(17 * 1024));
  expect((await refused(['plan', '-f', big])).stderr).toMatch(/larger than 16 MiB/);
  const secret = await refused(['plan', '-f', manifest('version: 2\napps:\n  - name: zero-bot\n    endpoint:\n      appLevelAuth:\n        bearer:\n          token: { file: /dev/zero }\n')]);
  expect(secret.stderr).toMatch(/apps\[0\]\.endpoint\.appLevelAuth\.bearer\.token: \/dev\/zero: larger than 256 KiB, not a secret/);
  const key = await refused(['plan', '-f', manifest('version: 2\napps:\n  - name: zero-bot\n    sshKeys:\n      - file: /dev/zero\n')]);
  expect(key.stderr).toMatch(/apps\[0\]\.sshKeys\[0\]\.file: cannot read \/dev\/zero: larger than 256 KiB/);
}, 60_000);

