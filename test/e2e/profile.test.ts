import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter, spawnCli, tmpDir, cleanEnv } from '../helpers/cli.js';
import { startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s);

describe('profiles', () => {
  let cfg: string;
  let env: Record<string, string | undefined>;
  beforeEach(() => {
    cfg = path.join(tmpDir(), 'cfg');
    env = cleanEnv({ SPACECTL_CONFIG_DIR: cfg });
  });

  test('add verifies, stores the token only in the 0600 credentials file, and becomes active', async () => {
    const r = await spawnCli(['profile', 'add', 'local', '--url', emu.url, '--token-stdin'], { env, input: `${TOKENS.admin}\n` });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Saved profile local .*as admin.*now active/);
    expect(r.stdout + r.stderr).not.toContain(TOKENS.admin);
    const files = fs.readdirSync(cfg);
    const creds = path.join(cfg, files.find((f) => f.startsWith('credentials'))!);
    const profiles = path.join(cfg, files.find((f) => f.startsWith('profiles'))!);
    expect(fs.readFileSync(creds, 'utf8')).toContain(TOKENS.admin);
    expect(fs.readFileSync(profiles, 'utf8')).not.toContain(TOKENS.admin);
    expect(fs.statSync(creds).mode & 0o777).toBe(0o600);
    expect(fs.statSync(cfg).mode & 0o777).toBe(0o700);
    // The active profile is used without any env.
    const list = await runCli(['app', 'list', '--json'], { env });
    expect(list.code).toBe(0);
  });

  test('add refuses bad credentials unless --no-verify, and leaves nothing behind', async () => {
    const bad = await runCli(['profile', 'add', 'bad', '--url', emu.url, '--token', 'wrong'], { env });
    expect(bad.code).toBe(4);
    expect(json((await runCli(['profile', 'list', '--json'], { env })).stdout)).toEqual([]);
    const saved = await runCli(['profile', 'add', 'bad', '--url', emu.url, '--token', 'wrong', '--no-verify'], { env });
    expect(saved.code).toBe(0);
    expect(saved.stderr).toMatch(/not verified/);
  });

  test('list / show / use / remove', async () => {
    await runCli(['profile', 'add', 'one', '--url', emu.url, '--token', TOKENS.admin], { env });
    await runCli(['profile', 'add', 'two', '--url', emu.url, '--token', TOKENS.member], { env });
    let list = json((await runCli(['profile', 'list', '--json'], { env })).stdout);
    expect(list.map((p: { name: string; active: boolean }) => [p.name, p.active])).toEqual([['one', true], ['two', false]]);
    expect((await runCli(['profile', 'use', 'two'], { env })).code).toBe(0);
    const who = json((await runCli(['auth', 'status', '--json'], { env })).stdout);
    expect(who).toMatchObject({ profile: 'two', identity: expect.stringContaining('max'), credentialsSource: 'profile two' });
    const show = await runCli(['profile', 'show', '--json'], { env });
    expect(json(show.stdout)).toMatchObject({ name: 'two', secret: 'stored' });
    expect(show.stdout).not.toContain(TOKENS.member);
    expect((await runCli(['profile', 'remove', 'two'], { env })).code).toBe(2); // no TTY, no --yes
    expect((await runCli(['profile', 'remove', 'two', '--yes'], { env })).code).toBe(0);
    list = json((await runCli(['profile', 'list', '--json'], { env })).stdout);
    expect(list.map((p: { name: string }) => p.name)).toEqual(['one']);
    const missing = await runCli(['profile', 'use', 'two'], { env });
    expect(missing.code).toBe(1); // not there: 1, as for an unknown app or project
    expect((await runCli(['profile', 'remove', 'two', '--yes'], { env })).code).toBe(1);
    expect(missing.stderr).toMatch(/profile "two" does not exist; known profiles: one/);
  });

  test('names every object inherits (toString, constructor, …) are ordinary names: not there until added', async () => {
    await runCli(['profile', 'add', 'one', '--url', emu.url, '--token', TOKENS.admin], { env });
    for (const argv of [['use', 'toString'], ['show', 'hasOwnProperty'], ['remove', 'valueOf', '--yes']]) {
      const r = await runCli(['profile', ...argv], { env });
      expect({ argv, code: r.code, stderr: r.stderr }).toEqual({ argv, code: 1, stderr: expect.stringMatching(/does not exist; known profiles: one/) });
    }
    expect(json((await runCli(['auth', 'status', '--json'], { env })).stdout)).toMatchObject({ profile: 'one' }); // still the active one
    const added = await runCli(['profile', 'add', 'constructor', '--url', emu.url, '--token', TOKENS.member, '--json'], { env });
    expect(json(added.stdout)).toMatchObject({ name: 'constructor', updated: false });
    expect((await runCli(['app', 'list', '--profile', 'constructor'], { env })).code).toBe(0);
  });

  test('precedence end to end: --token beats SPACE_TOKEN beats the profile; auth status names the server each goes to', async () => {
    await runCli(['profile', 'add', 'p', '--url', emu.url, '--token', TOKENS.member], { env });
    const viaProfile = json((await runCli(['auth', 'status', '--json'], { env })).stdout);
    expect(viaProfile).toMatchObject({ identity: expect.stringMatching(/max/), credentialsSource: 'profile p', credentialsServer: emu.url });
    const viaEnv = json((await runCli(['auth', 'status', '--json'], { env: { ...env, SPACE_URL: emu.url, SPACE_TOKEN: TOKENS.projectAdmin } })).stdout);
    expect(viaEnv).toMatchObject({ identity: expect.stringMatching(/pat/), credentialsSource: 'env (SPACE_TOKEN)', serverSource: 'env (SPACE_URL)', credentialsServer: emu.url });
    const viaFlag = json((await runCli(['--token', TOKENS.admin, '--url', emu.url, 'auth', 'status', '--json'], { env: { ...env, SPACE_TOKEN: TOKENS.projectAdmin } })).stdout);
    expect(viaFlag).toMatchObject({ identity: expect.stringMatching(/admin/), credentialsSource: 'flag' });
    const human = await runCli(['auth', 'status'], { env });
    expect(human.stdout).toMatch(new RegExp(`auth: +bearer token  \\[profile p\\], sent to ${emu.url.replace(/[.]/g, '\\.')}`));
  });

  test('a token from SPACE_TOKEN or --token is never sent to the profile\'s server: exit 2, nothing sent', async () => {
    await runCli(['profile', 'add', 'bound', '--url', emu.url, '--token', TOKENS.member, '--use'], { env });
    const before = emu.requests().length;
    const viaEnv = await runCli(['app', 'list'], { env: { ...env, SPACE_TOKEN: 'token-for-another-org' } });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toMatch(/SPACE_TOKEN is set but no server is/);
    const viaFlag = await runCli(['--token', 'token-for-another-org', 'app', 'list'], { env });
    expect(viaFlag.code).toBe(2);
    const otherServer = await runCli(['--url', 'https://other.example', 'app', 'list'], { env });
    expect(otherServer.code).toBe(2);
    expect(otherServer.stderr).toMatch(/is not the server of profile bound/);
    expect(emu.requests().length).toBe(before);
  });

  test('client-credentials profile for an app', async () => {
    const adminEnv = cleanEnv({ SPACE_URL: emu.url, SPACE_TOKEN: TOKENS.admin, SPACECTL_CONFIG_DIR: tmpDir() });
    const created = json((await runCli(['app', 'create', '--name', 'profile-cc', '--reveal-secret', '--json'], { env: adminEnv })).stdout);
    const app = { ...created.app, clientSecret: created.clientSecret };
    const r = await runCli(['profile', 'add', 'cc', '--url', emu.url, '--client-id', app.clientId, '--client-secret-stdin', '--json'], { env, stdin: `${app.clientSecret}\n` });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ name: 'cc', auth: 'client-credentials', clientId: app.clientId, identity: expect.stringContaining('profile-cc') });
    expect(r.stdout).not.toContain(app.clientSecret);
  });

  test('interactive add prompts for the URL and the token', async () => {
    const prompter = scriptedPrompter([emu.url, TOKENS.admin]);
    const r = await runCli(['profile', 'add', 'asked'], { env, tty: true, prompter });
    expect(r.code).toBe(0);
    expect(prompter.asked).toEqual(['Space server URL', 'Token']);
  });

  test('bad URL and mixed credential kinds are usage errors', async () => {
    const r = await runCli(['profile', 'add', 'x', '--url', 'not a url', '--token', 't'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--url "not a url"/);
    const mixed = await runCli(['profile', 'add', 'x', '--url', emu.url, '--token', 't', '--client-id', 'c'], { env });
    expect(mixed.code).toBe(2);
  });

  test('ten parallel `profile add` processes keep all ten profiles and secrets, and exactly one is active', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `par${i}`);
    // Unverified (made-up tokens): the store is what is under test.
    const added = await Promise.all(names.map((n) => spawnCli(['profile', 'add', n, '--url', emu.url, '--token-stdin', '--no-verify'], { env, input: `secret-of-${n}\n` })));
    expect(added.map((r) => r.code)).toEqual(names.map(() => 0));
    const list = json((await runCli(['profile', 'list', '--json'], { env })).stdout) as Array<{ name: string; active: boolean }>;
    expect(list.map((p) => p.name).sort()).toEqual([...names].sort());
    expect(list.filter((p) => p.active)).toHaveLength(1);
    const creds = JSON.parse(fs.readFileSync(path.join(cfg, 'credentials.json'), 'utf8')) as Record<string, { token?: string }>;
    for (const n of names) expect(creds[n]?.token).toBe(`secret-of-${n}`);

    // use and remove in parallel with adds: nothing but the removed ones disappears.
    const mixed = await Promise.all([
      ...names.slice(0, 5).map((n) => spawnCli(['profile', 'remove', n, '--yes'], { env })),
      ...names.slice(5).map((n) => spawnCli(['profile', 'use', n], { env })),
      ...['late0', 'late1', 'late2'].map((n) => spawnCli(['profile', 'add', n, '--url', emu.url, '--token-stdin', '--no-verify'], { env, input: `secret-of-${n}\n` })),
    ]);
    expect(mixed.map((r) => r.code).filter((c) => c !== 0)).toEqual([]);
    const after = json((await runCli(['profile', 'list', '--json'], { env })).stdout) as Array<{ name: string; active: boolean }>;
    expect(after.map((p) => p.name).sort()).toEqual([...names.slice(5), 'late0', 'late1', 'late2'].sort());
    const credsAfter = JSON.parse(fs.readFileSync(path.join(cfg, 'credentials.json'), 'utf8')) as Record<string, { token?: string }>;
    expect(Object.keys(credsAfter).sort()).toEqual(after.map((p) => p.name).sort());
    for (const p of after) expect(credsAfter[p.name]?.token).toBe(`secret-of-${p.name}`);
    expect(after.filter((p) => p.active)).toHaveLength(1);
  }, 120_000);

  test('a corrupt profiles or credentials file is named with its path and how to fix it', async () => {
    await runCli(['profile', 'add', 'ok', '--url', emu.url, '--token', 'x', '--no-verify'], { env });
    for (const file of ['profiles.json', 'credentials.json']) {
      const p = path.join(cfg, file);
      const good = fs.readFileSync(p, 'utf8');
      fs.writeFileSync(p, good.slice(0, good.length / 2));
      const readers = [['app', 'list'], ['profile', 'add', 'more', '--url', emu.url, '--token', 'y', '--no-verify'], ...(file === 'profiles.json' ? [['profile', 'list']] : [])];
      for (const argv of readers) {
        const r = await runCli(argv, { env });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`error: the ${file.replace('.json', '')} file ${p} is corrupt`);
        expect(r.stderr).toMatch(/hint: Fix the JSON by hand, or move it aside/);
        expect(r.stderr).not.toMatch(/bug in spacectl/);
      }
      expect(fs.readFileSync(p, 'utf8')).toBe(good.slice(0, good.length / 2)); // left as it was for the user to fix
      fs.writeFileSync(p, good);
    }
  });

  test('plain http to a non-loopback host is refused unless --allow-http; loopback is fine', async () => {
    const before = emu.requests().length;
    const r = await runCli(['profile', 'add', 'clear', '--url', 'http://acme.example.com', '--token-stdin', '--no-verify'], { env, stdin: 'tok\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--url http:\/\/acme\.example\.com uses plain http to a non-loopback host/);
    expect(r.stderr).toMatch(/--allow-http/);
    expect(json((await runCli(['profile', 'list', '--json'], { env })).stdout).map((p: { name: string }) => p.name)).not.toContain('clear');
    const allowed = await runCli(['profile', 'add', 'clear', '--url', 'http://acme.example.com', '--token-stdin', '--no-verify', '--allow-http'], { env, stdin: 'tok\n' });
    expect(allowed.code).toBe(0);
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect((await runCli(['profile', 'add', 'local', '--url', emu.url, '--token', TOKENS.member], { env })).code).toBe(0);
    expect(emu.requests().length).toBe(before + 1); // only the loopback one was verified
  });

  test('a server from --url, SPACE_URL or JB_SPACE_API_URL: http(s) only, plain http only to loopback unless SPACECTL_ALLOW_HTTP=1', async () => {
    const base = cleanEnv({ SPACECTL_CONFIG_DIR: tmpDir() });
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['--url', 'ftp://acme.example.com', '--token', 't'], {}, /^error: --url "ftp:\/\/acme\.example\.com" is not an http\(s\) URL/],
      [['--url', 'http://acme.invalid', '--token', 't'], {}, /^error: --url http:\/\/acme\.invalid uses plain http to a non-loopback host: the credentials would travel unencrypted/],
      [[], { SPACE_URL: 'http://acme.invalid', SPACE_TOKEN: 't' }, /^error: SPACE_URL http:\/\/acme\.invalid uses plain http/],
      [[], { SPACE_URL: 'acme.example.com', SPACE_TOKEN: 't' }, /^error: SPACE_URL "acme\.example\.com" is not an http\(s\) URL/],
      [['--url', 'https://bot:pw@acme.example.com', '--token', 't'], {}, /^error: --url must not contain credentials \("user:password@"\); give them as --token/],
      [[], { JB_SPACE_API_URL: 'http://acme.invalid', JB_SPACE_CLIENT_ID: 'c', JB_SPACE_CLIENT_SECRET: 's' }, /^error: JB_SPACE_API_URL http:\/\/acme\.invalid uses plain http/],
    ];
    for (const [flags, extra, message] of cases) {
      const r = await runCli([...flags, 'app', 'list'], { env: { ...base, ...extra } });
      expect({ flags, extra, code: r.code, stderr: r.stderr.split('\n')[0] }).toEqual({ flags, extra, code: 2, stderr: expect.stringMatching(message) });
      expect(r.stderr).not.toMatch(/cannot reach/); // refused before any connection was tried
    }
    // Allowed: the request is tried (and fails to resolve the .invalid host), so the check let it through.
    const allowed = await runCli(['--url', 'http://acme.invalid', '--token', 't', 'app', 'list'], { env: { ...base, SPACECTL_ALLOW_HTTP: '1' } });
    expect(allowed.code).toBe(1);
    expect(allowed.stderr).toMatch(/cannot reach http:\/\/acme\.invalid/);
    // Loopback needs nothing.
    expect((await runCli(['--url', emu.url, '--token', TOKENS.member, 'app', 'list'], { env: base })).code).toBe(0);
    const saved = await runCli(['profile', 'add', 'pw', '--url', 'https://bot:pw@acme.example.com', '--token', 't', '--no-verify'], { env: base });
    expect({ code: saved.code, stderr: saved.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/^error: --url must not contain credentials/) });
  });

  test('--token-file and --client-secret-file read the secret from a file', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'token'), `${TOKENS.member}\n`);
    const r = await runCli(['profile', 'add', 'fromfile', '--url', emu.url, '--token-file', path.join(dir, 'token'), '--json'], { env });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ name: 'fromfile', identity: expect.stringMatching(/max/) });
    expect(r.stdout + r.stderr).not.toContain(TOKENS.member);
    const missing = await runCli(['profile', 'add', 'x', '--url', emu.url, '--token-file', path.join(dir, 'nope')], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--token-file .*nope: cannot read it \(ENOENT\)/);
    fs.writeFileSync(path.join(dir, 'secret'), 'wrong-secret\n');
    const cc = await runCli(['profile', 'add', 'y', '--url', emu.url, '--client-id', 'nope', '--client-secret-file', path.join(dir, 'secret')], { env });
    expect(cc.code).toBe(4); // read from the file and sent: the server refused it
    expect(cc.stderr).not.toContain('wrong-secret');
    const both = await runCli(['profile', 'add', 'z', '--url', emu.url, '--token', 't', '--token-file', path.join(dir, 'token')], { env });
    expect(both.code).toBe(2);
  });
});
