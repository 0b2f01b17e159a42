// plan / apply / app export end to end against the emulator (contract-checked requests).
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { ROOT, runCli, scriptedPrompter, spawnCli, tmpDir } from '../helpers/cli.js';
import { TOKENS, envFor, startTestEmulator, writesSince } from '../helpers/emulator.js';
import { buildClient } from '../../src/api/build.js';
import { createAgent } from '../../src/api/client.js';
import { applyApp } from '../../src/manifest/apply.js';
import { diffApp } from '../../src/manifest/diff.js';
import { parseManifest } from '../../src/manifest/load.js';

const KEYS = path.join(ROOT, 'test/fixtures/ssh');
const ED25519 = fs.readFileSync(path.join(KEYS, 'ed25519.pub'), 'utf8').trim();
const ECDSA = fs.readFileSync(path.join(KEYS, 'ecdsa256.pub'), 'utf8').trim();
const RSA = fs.readFileSync(path.join(KEYS, 'rsa2048.pub'), 'utf8').trim();

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

/** A manifest in a fresh directory (with keys/ and secrets/ beside it); returns its path. */
function writeManifest(text: string, dir = tmpDir('spacectl-manifest-')): string {
  fs.mkdirSync(path.join(dir, 'keys'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'secrets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'keys', 'bot.pub'), `${ED25519}\n`);
  const file = path.join(dir, 'spacectl.yaml');
  fs.writeFileSync(file, text);
  return file;
}

const fullManifest = (name: string, o: { uris?: string[]; global?: string[]; extraKey?: boolean } = {}) => `
version: 2
apps:
  - name: ${name}
    description: CI helper
    email: bot@example.com
    flows:
      clientCredentials: true
      authorizationCode:
        enabled: true
        redirectUris: [${(o.uris ?? ['https://bot.example.com/cb', 'http://localhost:8080/cb']).join(', ')}]
        pkce: true
      implicit: { enabled: false }
    rights:
      required: [${(o.global ?? ['Profile.View', 'Team.View']).join(', ')}]
      global: [${(o.global ?? ['Profile.View', 'Team.View']).join(', ')}]
      projects:
        BACKEND: [Project.Issues.View]
        MOBILE: [Project.View]
    endpoint: { uri: https://bot.example.com/space, verification: signing-key, sslVerification: true }
    sshKeys:
      - file: ./keys/bot.pub
      - key: "${ECDSA}"
        comment: inline key
${o.extraKey ? `      - key: "${RSA}"\n` : ''}    secrets:
      clientSecret: { file: ./secrets/bot.secret }
`;

const json = (s: string) => JSON.parse(s) as Record<string, any>;
/** `/api/http/applications/id:x/ssh-keys` → `/applications/APP/ssh-keys` */
const short = (p: string) => p.replace(/^\/api\/http/, '').replace(/id:[^/]+/, 'APP');

describe('apply from nothing, then plan', () => {
  const name = 'e2e-full-bot';
  let file: string;
  let admin: Record<string, string | undefined>;

  beforeAll(() => {
    file = writeManifest(fullManifest(name));
    admin = envFor(emu, 'admin');
  });

  test('plan of an empty server: exit 3, the create and every step; reads only', async () => {
    const n = emu.requests().length;
    const r = await runCli(['plan', '-f', file], { env: admin });
    expect(r.code).toBe(3);
    expect(writesSince(emu, n)).toEqual([]);
    expect(r.stdout).toContain(`+ create app ${name}`);
    expect(r.stdout).toContain('+ flows.authorizationCode.redirectUris: https://bot.example.com/cb, http://localhost:8080/cb');
    expect(r.stdout).toContain('+ required right Profile.View (app-wide)');
    expect(r.stdout).toContain('+ right Profile.View in global (will be requested)');
    expect(r.stdout).toContain('+ right Project.Issues.View in project BACKEND (will be requested)');
    expect(r.stdout).toMatch(/\+ ssh key SHA256:\S+ \(inline key\)/);
    expect(r.stdout).toContain('Plan: 1 to create, 0 to update, 0 in sync.');
  });

  test('apply creates with all six steps, the secret goes to the 0600 sink and nowhere else', async () => {
    const n = emu.requests().length;
    const r = await runCli(['apply', '-f', file, '--yes'], { env: admin });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const writes = writesSince(emu, n);
    // One POST creates the app with flows and endpoint together (what differs from a new app's defaults).
    const posts = emu.requests().slice(n).filter((q) => q.method === 'POST' && short(q.path) === '/applications');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({
      name, description: 'CI helper', email: 'bot@example.com', codeFlowEnabled: true,
      codeFlowRedirectURIs: 'https://bot.example.com/cb\nhttp://localhost:8080/cb', pkceRequired: true,
      endpointUri: 'https://bot.example.com/space', appLevelAuth: { className: 'EndpointAuthCreate.SigningKey' }, hasSigningKey: true,
    });
    expect(writes.map((w) => `${w.method} ${short(w.path)}`)).toEqual([
      'POST /applications',
      'PATCH /applications/APP/authorizations/required-rights',
      'PATCH /applications/APP/authorizations/authorized-rights/request-rights',
      'PATCH /applications/APP/authorizations/authorized-rights/request-rights',
      'PATCH /applications/APP/authorizations/authorized-rights/request-rights',
      'POST /applications/APP/ssh-keys',
      'POST /applications/APP/ssh-keys',
    ]);
    const secretFile = path.join(path.dirname(file), 'secrets', 'bot.secret');
    expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
    const secret = fs.readFileSync(secretFile, 'utf8').trim();
    expect(secret.length).toBeGreaterThan(20);
    expect(r.stdout).not.toContain(secret);
    expect(r.stderr).not.toContain(secret);

    const show = json((await runCli(['app', 'show', '--app', name, '--json'], { env: admin })).stdout);
    expect(show).toMatchObject({ name, description: 'CI helper' });
  });

  test('plan of the same file: in sync, exit 0 (also --json)', async () => {
    const r = await runCli(['plan', '-f', file], { env: admin });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`= app ${name}`);
    expect(r.stdout).toContain('In sync: nothing to do.');
    const j = await runCli(['plan', '-f', file, '--json'], { env: admin });
    expect(j.code).toBe(0);
    expect(json(j.stdout)).toMatchObject({ inSync: true, apps: [{ name, action: 'none', changes: [] }] });
  });

  test('a second apply sends no write request', async () => {
    const n = emu.requests().length;
    const r = await runCli(['apply', '-f', file], { env: admin });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('In sync: nothing to do.');
    expect(writesSince(emu, n)).toEqual([]);
  });

  test('editing the redirect URIs: plan exits 3 and shows exactly that change', async () => {
    fs.writeFileSync(file, fullManifest(name, { uris: ['https://bot.example.com/cb', 'http://localhost:8080/cb', 'https://bot.example.com/cb2'] }));
    const r = await runCli(['plan', '-f', file], { env: admin });
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n').filter((l) => /^\s+[~+!-] /.test(l))).toEqual(['    ~ flows.authorizationCode.redirectUris: + https://bot.example.com/cb2']);
    const j = await runCli(['plan', '-f', file, '--json'], { env: admin });
    expect(j.code).toBe(3);
    expect(json(j.stdout)).toMatchObject({ inSync: false, apps: [{ name, action: 'update', changes: [{ path: 'flows.authorizationCode.redirectUris', op: 'add', to: 'https://bot.example.com/cb2' }] }] });
    expect(json(j.stdout).apps[0].changes).toHaveLength(1);

    const n = emu.requests().length;
    expect((await runCli(['apply', '-f', file, '--yes'], { env: admin })).code).toBe(0);
    const writes = emu.requests().slice(n).filter((q) => q.method !== 'GET');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.body).toEqual({ codeFlowRedirectURIs: 'https://bot.example.com/cb\nhttp://localhost:8080/cb\nhttps://bot.example.com/cb2' });
    expect((await runCli(['plan', '-f', file], { env: admin })).code).toBe(0);
  });

  test('changing a right: requested in global and added to the required rights', async () => {
    fs.writeFileSync(file, fullManifest(name, { uris: ['https://bot.example.com/cb', 'http://localhost:8080/cb', 'https://bot.example.com/cb2'], global: ['Profile.View', 'Team.View', 'Project.View'] }));
    const j = await runCli(['plan', '-f', file, '--json'], { env: admin });
    expect(j.code).toBe(3);
    expect(json(j.stdout).apps[0].changes).toEqual([
      { path: 'rights.required', op: 'add', to: 'Project.View' },
      { path: 'rights.global', op: 'add', to: 'Project.View', note: 'will be requested' },
    ]);
    const n = emu.requests().length;
    expect((await runCli(['apply', '-f', file, '--yes'], { env: admin })).code).toBe(0);
    expect(writesSince(emu, n).map((w) => short(w.path))).toEqual([
      '/applications/APP/authorizations/required-rights',
      '/applications/APP/authorizations/authorized-rights/request-rights',
    ]);
    expect((await runCli(['plan', '-f', file], { env: admin })).code).toBe(0);
  });

  test('--prune removes a redirect URI, a right and a key not in the manifest; without it they stay', async () => {
    // Add a key and a URI to the live app through the manifest, then drop them from it.
    fs.writeFileSync(file, fullManifest(name, { uris: ['https://bot.example.com/cb', 'http://localhost:8080/cb', 'https://bot.example.com/cb2'], global: ['Profile.View', 'Team.View', 'Project.View'], extraKey: true }));
    expect((await runCli(['apply', '-f', file, '--yes'], { env: admin })).code).toBe(0);
    fs.writeFileSync(file, fullManifest(name));

    const plain = await runCli(['plan', '-f', file], { env: admin });
    expect(plain.code).toBe(0); // without --prune, extras are kept
    const r = await runCli(['plan', '-f', file, '--prune', '--json'], { env: admin });
    expect(r.code).toBe(3);
    const changes = json(r.stdout).apps[0].changes as Array<Record<string, unknown>>;
    expect(changes).toEqual(expect.arrayContaining([
      { path: 'flows.authorizationCode.redirectUris', op: 'remove', from: 'https://bot.example.com/cb2' },
      { path: 'rights.required', op: 'remove', from: 'Project.View' },
      expect.objectContaining({ path: 'rights.global', op: 'remove', from: 'Project.View' }),
      expect.objectContaining({ path: 'sshKeys', op: 'remove' }),
    ]));
    expect(changes).toHaveLength(4);

    const a = await runCli(['apply', '-f', file, '--yes', '--prune'], { env: admin });
    expect(a.code).toBe(0);
    expect((await runCli(['plan', '-f', file, '--prune'], { env: admin })).code).toBe(0);
    const exported = json((await runCli(['app', 'export', '--app', name, '--json'], { env: admin })).stdout);
    expect(exported.apps[0].sshKeys).toHaveLength(2);
    expect(JSON.stringify(exported)).not.toContain('ssh-rsa');
    expect(exported.apps[0].flows.authorizationCode.redirectUris).toEqual(['https://bot.example.com/cb', 'http://localhost:8080/cb']);
    expect(exported.apps[0].rights.global).toEqual(['Profile.View', 'Team.View']);
  });
});

describe('the real binary', () => {
  test('plan --json exits 3 with changes pending, apply --yes, then plan exits 0 (CI recipe)', async () => {
    const file = writeManifest('apps:\n  - name: e2e-binary-bot\n    flows:\n      clientCredentials: true\n');
    const env = envFor(emu, 'admin');
    const plan = await spawnCli(['plan', '-f', file, '--json'], { env });
    expect(plan.code).toBe(3);
    expect(json(plan.stdout)).toMatchObject({ inSync: false, apps: [{ name: 'e2e-binary-bot', action: 'create' }] });
    const apply = await spawnCli(['apply', '-f', file, '--yes'], { env });
    expect(apply.code).toBe(0);
    expect((await spawnCli(['plan', '-f', file], { env })).code).toBe(0);
  });
});

describe('apply refuses without a TTY unless --yes', () => {
  test('exit 2 and nothing written', async () => {
    const file = writeManifest('apps:\n  - name: e2e-refuse-bot\n');
    const n = emu.requests().length;
    const r = await runCli(['apply', '-f', file], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('without --yes');
    expect(writesSince(emu, n)).toEqual([]);
  });
});

describe('apply asks on a TTY', () => {
  test('declining cancels (130) without writing; accepting applies', async () => {
    const file = writeManifest('apps:\n  - name: e2e-confirm-bot\n');
    const env = envFor(emu, 'admin');
    const n = emu.requests().length;
    const no = scriptedPrompter([false]);
    expect((await runCli(['apply', '-f', file], { env, tty: true, prompter: no })).code).toBe(130);
    expect(no.asked).toEqual(['Apply these changes to 1 app(s)?']);
    expect(writesSince(emu, n)).toEqual([]);
    expect((await runCli(['apply', '-f', file], { env, tty: true, prompter: scriptedPrompter([true]) })).code).toBe(0);
    expect((await runCli(['plan', '-f', file], { env })).code).toBe(0);
  });
});

describe('interrupted apply', () => {
  test('fails after the create, names what was done; the re-run converges with exactly one app', async () => {
    const name = 'e2e-interrupted-bot';
    const file = writeManifest(fullManifest(name));
    const env = envFor(emu, 'admin');
    emu.injectFault({ method: 'PATCH', pathPrefix: '/applications/', status: 500, count: 1 });
    const first = await runCli(['apply', '-f', file, '--yes'], { env });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('apply failed while updating the required rights');
    expect(first.stderr).toMatch(/Already done:\n\s+- created app e2e-interrupted-bot/);

    const plan = await runCli(['plan', '-f', file, '--json'], { env });
    expect(plan.code).toBe(3);
    expect(json(plan.stdout).apps[0].action).toBe('update');

    const second = await runCli(['apply', '-f', file, '--yes'], { env });
    expect(second.code).toBe(0);
    expect((await runCli(['plan', '-f', file], { env })).code).toBe(0);
    const list = json((await runCli(['app', 'list', '--name', name, '--json'], { env })).stdout);
    expect(JSON.stringify(list).match(new RegExp(`"${name}"`, 'g'))).toHaveLength(1);
  });

  test('a create that hits duplicated-entity (another run won the race) continues as an update', async () => {
    const name = 'e2e-race-bot';
    const env = envFor(emu, 'admin');
    const desired = parseManifest(`apps:\n  - name: ${name}\n    description: raced\n`, 'm.yaml', tmpDir()).apps[0]!;
    // Planned while the app did not exist yet; then another run creates it before our POST.
    const plan = diffApp(desired, undefined);
    expect(plan.action).toBe('create');
    expect((await runCli(['app', 'create', '--name', name], { env })).code).toBe(0);
    const agent = createAgent();
    const api = buildClient(emu.url, { kind: 'token', token: TOKENS.admin }, { dispatcher: agent });
    const warnings: string[] = [];
    const r = await applyApp(api, desired, plan, { hooks: { step: () => {}, warn: (m) => warnings.push(m) }, done: [] }).finally(() => agent.close());
    expect(r.created).toBe(false);
    expect(warnings[0]).toMatch(/already exists .*updating it instead/);
    expect((await runCli(['plan', '-f', writeManifest(`apps:\n  - name: ${name}\n    description: raced\n`)], { env })).code).toBe(0);
    const list = json((await runCli(['app', 'list', '--name', name, '--json'], { env })).stdout);
    expect(JSON.stringify(list).match(new RegExp(`"${name}"`, 'g'))).toHaveLength(1);
  });
});

describe('schema errors', () => {
  test('exit 2, every problem as file:line:col: path: message, no request sent', async () => {
    const file = writeManifest('apps:\n  - name: bad-bot\n    flows:\n      authorizationCode:\n        redirectUris: [https://ok.example.com/cb, 7]\n    rihgts: {}\n');
    const n = emu.requests().length;
    const r = await runCli(['plan', '-f', file], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:5:51: apps[0].flows.authorizationCode.redirectUris[1]: must be text (quote it if it looks like a number or a boolean)`);
    expect(r.stderr).toContain(`${file}:6:5: apps[0].rihgts: unknown key`);
    expect(emu.requests().length).toBe(n);
  });
});

describe('secrets', () => {
  test('env-file sink: the line is added (0600) and the secret is never printed, also under --json', async () => {
    const dir = tmpDir('spacectl-manifest-');
    fs.writeFileSync(path.join(dir, '.env'), 'OTHER=1\nENV_BOT_SECRET=old\n');
    const file = writeManifest('apps:\n  - name: e2e-env-bot\n    secrets:\n      clientSecret: { envFile: .env, variable: ENV_BOT_SECRET }\n', dir);
    // The variable holds something that is not this app's secret: refused before any write (issue 9, item 4).
    const n = emu.requests().length;
    const refused = await runCli(['apply', '-f', file, '--yes'], { env: envFor(emu, 'admin') });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/apps\[0\]\.secrets\.clientSecret: \.env \(ENV_BOT_SECRET\) already holds a value for ENV_BOT_SECRET .*pass --force/);
    expect(writesSince(emu, n)).toEqual([]);
    expect(fs.readFileSync(path.join(dir, '.env'), 'utf8')).toBe('OTHER=1\nENV_BOT_SECRET=old\n');
    const r = await runCli(['apply', '-f', file, '--yes', '--json', '--force'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(0);
    const env = fs.readFileSync(path.join(dir, '.env'), 'utf8');
    expect(env).toMatch(/^OTHER=1\nENV_BOT_SECRET=\S{20,}\n$/);
    expect(fs.statSync(path.join(dir, '.env')).mode & 0o777).toBe(0o600);
    const secret = env.split('\n')[1]!.split('=')[1]!;
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(json(r.stdout)).toMatchObject({ applied: true, results: [{ app: { id: expect.any(String), name: 'e2e-env-bot', clientId: expect.any(String) }, created: true, secretsWrittenTo: ['.env (ENV_BOT_SECRET)'] }] });
  });

  test('no sink: warns that the secret was not saved and how to get it', async () => {
    const file = writeManifest('apps:\n  - name: e2e-nosink-bot\n');
    const r = await runCli(['apply', '-f', file, '--yes'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/client secret of e2e-nosink-bot was not saved.*spacectl app secret --app id:/);
  });

  test('a sink in a missing directory fails before any write', async () => {
    const file = writeManifest('apps:\n  - name: e2e-badsink-bot\n    secrets:\n      clientSecret: { file: ./nowhere/s.secret }\n');
    const n = emu.requests().length;
    const r = await runCli(['apply', '-f', file, '--yes'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('apps[0].secrets.clientSecret: directory');
    expect(writesSince(emu, n)).toEqual([]);
  });
});

describe('pending rights as a member', () => {
  test('apply exits 8 and reports the pending rights; plan calls them in sync (exit 0)', async () => {
    const env = envFor(emu, 'member');
    const file = writeManifest('apps:\n  - name: e2e-member-bot\n    rights:\n      global: [Profile.View]\n      projects:\n        BACKEND: [Project.Issues.View]\n');
    const r = await runCli(['apply', '-f', file, '--yes'], { env });
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('right Project.Issues.View in project BACKEND is requested and waits for');
    expect(r.stderr).not.toMatch(/^error/m);
    const p = await runCli(['plan', '-f', file, '--json'], { env });
    expect(p.code).toBe(0);
    expect(json(p.stdout).apps[0]).toMatchObject({ action: 'none', changes: [], pending: [{ context: 'project:key:BACKEND', right: 'Project.Issues.View' }] });
    // Nothing to write: the re-run sends no write and still reports pending.
    const n = emu.requests().length;
    expect((await runCli(['apply', '-f', file], { env })).code).toBe(8);
    expect(writesSince(emu, n)).toEqual([]);
  });

  test('--prune cannot withdraw a right a member may not edit: reported, exit 5', async () => {
    const env = envFor(emu, 'member');
    const file = writeManifest('apps:\n  - name: e2e-member-bot\n    rights:\n      global: [Profile.View]\n      projects:\n        BACKEND: []\n');
    const p = await runCli(['plan', '-f', file, '--prune'], { env });
    expect(p.code).toBe(3);
    expect(p.stdout).toContain('! right Project.Issues.View in project BACKEND (requested; withdrawing it needs an administrator of this context)');
    const r = await runCli(['apply', '-f', file, '--prune', '--yes'], { env });
    expect(r.stdout + r.stderr).toContain('not pruned');
    expect(r.code).toBe(5);
  });
});

describe('unknown project', () => {
  test('fails before any write, naming the project', async () => {
    const file = writeManifest('apps:\n  - name: e2e-noproject-bot\n    rights:\n      projects:\n        NOPE: [Project.View]\n');
    const n = emu.requests().length;
    const r = await runCli(['apply', '-f', file, '--yes'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NOPE (apps[0] e2e-noproject-bot)');
    expect(writesSince(emu, n)).toEqual([]);
  });
});

describe('app export round trip', () => {
  let other: Emulator;
  beforeAll(async () => {
    other = await startTestEmulator();
  });
  afterAll(async () => {
    await other.close();
  });

  test('export → apply to a fresh emulator → export gives the same document', async () => {
    const env = envFor(emu, 'admin');
    const name = 'e2e-export-bot';
    const file = writeManifest(fullManifest(name));
    expect((await runCli(['apply', '-f', file, '--yes'], { env })).code).toBe(0);

    const dir = tmpDir('spacectl-export-');
    const first = path.join(dir, 'first.yaml');
    const e1 = await runCli(['app', 'export', '--app', name, '--output', first], { env });
    expect(e1.code).toBe(0);
    const text = fs.readFileSync(first, 'utf8');
    expect(text).not.toMatch(/clientSecret|secrets:/);
    expect(text).toContain('- https://bot.example.com/cb\n');
    expect(text).toMatch(/key: ssh-ed25519 AAAA\S+\n\s+comment: fixture-ed25519@spacectl/);

    const env2 = envFor(other, 'admin');
    const a = await runCli(['apply', '-f', first, '--yes'], { env: env2 });
    expect(a.code).toBe(0);
    const second = await runCli(['app', 'export', '--app', name], { env: env2 });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(text);
    // And the export is in sync with where it came from.
    expect((await runCli(['plan', '-f', first], { env })).code).toBe(0);

    const j = await runCli(['app', 'export', '--app', name, '--json'], { env: env2 });
    expect(json(j.stdout)).toMatchObject({ apps: [{ name, rights: { global: ['Profile.View', 'Team.View'], projects: { BACKEND: ['Project.Issues.View'], MOBILE: ['Project.View'] } } }] });
  });
});

describe('-f - reads the manifest from standard input', () => {
  test('export | plan -f - is in sync; apply -f - --yes creates; empty input is exit 2; paths resolve from the current directory', async () => {
    const env = envFor(emu, 'admin');
    expect((await runCli(['app', 'create', '--name', 'stdin-bot'], { env })).code).toBe(0);
    const exported = await runCli(['app', 'export', '--app', 'stdin-bot'], { env });
    expect(exported.code).toBe(0);
    const planned = await runCli(['plan', '-f', '-'], { env, stdin: exported.stdout });
    expect({ code: planned.code, stdout: planned.stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/= app stdin-bot \(id:\w+\): in sync/) });

    const n = emu.requests().length;
    const bad = await runCli(['plan', '-f', '-'], { env, stdin: 'version: 2\napps:\n  - name: x\n    rigths: {}\n' });
    expect({ code: bad.code, stderr: bad.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/^error: <stdin> is not a valid manifest[^]*<stdin>:4:5: apps\[0\]\.rigths: unknown key; did you mean "rights"/) });
    const empty = await runCli(['apply', '-f', '-', '--yes'], { env, stdin: '' });
    expect({ code: empty.code, stderr: empty.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/^error: -f -: standard input was empty/) });
    expect(emu.requests().length).toBe(n); // refused before any request

    const applied = await runCli(['apply', '-f', '-', '--yes', '--json'], { env, stdin: `version: 2\napps:\n  - name: stdin-new\n    sshKeys:\n      - file: ${path.relative(process.cwd(), path.join(KEYS, 'ed25519.pub'))}\n` });
    expect(applied.code).toBe(0);
    expect(json(applied.stdout).results).toEqual([expect.objectContaining({ app: expect.objectContaining({ name: 'stdin-new' }), created: true })]);
  });
});
