// Bad input is refused before any request, in one line, with exit 2; what is not there is exit 1.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter, tmpDir } from '../helpers/cli.js';
import { envFor, newApp, startTestEmulator, TOKENS, writesSince } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

/** A run that must fail with exit 2 and one `error:` line, having sent nothing. */
async function refused(args: string[], message: RegExp) {
  const before = emu.requests().length;
  const r = await runCli(args, { env: envFor(emu) });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
  expect(emu.requests().length).toBe(before);
  return r;
}

describe('application names', () => {
  test.each([['a tab', 'tab\there'], ['a newline', 'new\nline'], ['an escape', 'bell\u001b[31m']])('%s in a name is refused', async (_what, name) => {
    await refused(['app', 'create', '--name', name], /--name ".*" contains a control character/);
  });

  test('names that read as an id:/clientId: reference are refused, on create and rename', async () => {
    await refused(['app', 'create', '--name', 'id:fake'], /would be read as an application reference/);
    await refused(['app', 'create', '--name', 'clientId:x'], /would be read as an application reference/);
    const name = await newApp(envFor(emu), 'rename-me');
    await refused(['app', 'update', '--app', name, '--name', 'id:x'], /would be read as an application reference/);
  });

  test('a name with control characters made elsewhere is escaped in tabular output, one row per app', async () => {
    const res = await fetch(`${emu.url}/api/http/applications`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'evil\tname\nrow' }),
    });
    expect(res.status).toBe(200);
    const r = await runCli(['app', 'list', '--name', 'evil'], { env: envFor(emu) });
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.split('\t')[0]).toBe('evil\\tname\\nrow');
  });
});

describe('flags', () => {
  test('--pkce --no-pkce (and any --x --no-x) is a contradiction, refused', async () => {
    const name = await newApp(envFor(emu), 'pkce');
    await refused(['flow', 'enable', '--app', name, 'code', '--redirect-uri', 'https://x.example/cb', '--pkce', '--no-pkce'], /--pkce and --no-pkce contradict each other/);
    await refused(['endpoint', 'set', '--app', name, '--uri', 'https://x.example/e', '--ssl-verification', '--no-ssl-verification'], /contradict/);
  });
});

describe('names every JavaScript object inherits', () => {
  // "constructor", "toString"… looked up in a plain object are found on its prototype: a flow or key type
  // "constructor" was taken for a known one and crashed as "a bug in spacectl", exit 1.
  const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIE1lMXVOB0pBmJ0xxXQKbKnO0Fx1VYr6mLsvuuzL8oVe';
  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('"%s" as a flow or an SSH key type is refused like any unknown one', async (name) => {
    const app = await newApp(envFor(emu), 'proto');
    await refused(['flow', 'enable', '--app', app, name], new RegExp(`unknown flow "${name}"; choose one of`));
    await refused(['ssh-key', 'add', '--app', app, '--key', `${name} ${KEY} c`], new RegExp(`unsupported key type "${name}"`));
    // The emulator's own parser says the same to a direct call: 400, not a crash.
    const id = JSON.parse((await runCli(['app', 'show', '--app', app, '--json'], { env: envFor(emu) })).stdout).id as string;
    const r = await fetch(`${emu.url}/api/http/applications/id:${id}/ssh-keys`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ publicKey: `${name} ${KEY}`, comment: 'c' }),
    });
    expect({ status: r.status, body: await r.json() }).toEqual({ status: 400, body: expect.objectContaining({ error: 'validation-error' }) });
  });
});

describe('settings from the environment', () => {
  test.each([
    ['SPACECTL_TIMEOUT_MS', '30s', /SPACECTL_TIMEOUT_MS="30s" must be a whole number of milliseconds from 1 to 3600000/],
    ['SPACECTL_TIMEOUT_MS', '0', /SPACECTL_TIMEOUT_MS="0" must be a whole number of milliseconds/],
    ['SPACECTL_MAX_RETRY_WAIT', '-1', /SPACECTL_MAX_RETRY_WAIT="-1" must be a whole number of seconds from 0 to 3600/],
    ['SPACECTL_MAX_RETRY_WAIT', '2m', /SPACECTL_MAX_RETRY_WAIT="2m" must be a whole number of seconds/],
    ['SPACECTL_KEYRING', 'maybe', /SPACECTL_KEYRING="maybe" must be 0 \(secrets in the 0600 file\) or 1/],
  ])('%s=%s is refused before any request, not replaced by the default', async (name, value, message) => {
    const before = emu.requests().length;
    const argv = name === 'SPACECTL_KEYRING' ? ['profile', 'add', 'k', '--url', emu.url, '--token', TOKENS.admin] : ['app', 'list'];
    const r = await runCli(argv, { env: { ...envFor(emu), SPACECTL_CONFIG_DIR: tmpDir(), [name]: value } });
    expect({ code: r.code, stderr: r.stderr.split('\n')[0] }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    expect(emu.requests().length).toBe(before);
  });
});

describe('what is not there is exit 1', () => {
  test('project remove of a project that does not exist: "no project NOPE", exit 1, nothing sent', async () => {
    const env = envFor(emu);
    const name = await newApp(env, 'rm-proj');
    const before = emu.requests().length;
    const r = await runCli(['project', 'remove', '--app', name, 'NOPE', '--yes'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no project with key NOPE/);
    expect(writesSince(emu, before)).toEqual([]);
  });
});

describe('wording', () => {
  test('one application, one right: singular', async () => {
    const member = envFor(emu, 'member');
    const name = await newApp(member, 'singular');
    expect((await runCli(['rights', 'request', '--app', name, 'Profile.Edit'], { env: member })).code).toBe(8);
    const prompter = scriptedPrompter([false]);
    const r = await runCli(['rights', 'authorize', '--app', name], { env: envFor(emu), tty: true, prompter });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Will approve 1 requested right in 1 context of 1 application \(1 checked\)/);
  });
});

describe('the emulator', () => {
  test('its --state file is 0600 (it holds client secrets) and replaced atomically', async () => {
    const file = path.join(tmpDir(), 'state.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, apps: [] }), { mode: 0o644 });
    const e = await startTestEmulator({ statePath: file });
    try {
      expect((await runCli(['app', 'create', '--name', 'stateful'], { env: envFor(e) })).code).toBe(0);
    } finally {
      await e.close();
    }
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).apps.map((a: { name: string }) => a.name)).toContain('stateful');
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('it accepts the FIDO key types Space accepts (sk-ssh-ed25519, sk-ecdsa-sha2-nistp256)', async () => {
    const env = envFor(emu);
    const name = await newApp(env, 'fido');
    const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, (b.length >> 8) & 0xff, b.length & 0xff]), b]);
    const ed = Buffer.concat([str(Buffer.from('sk-ssh-ed25519@openssh.com')), str(Buffer.alloc(32, 0xab)), str(Buffer.from('ssh:'))]).toString('base64');
    const point = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 0x11)]);
    const ec = Buffer.concat([str(Buffer.from('sk-ecdsa-sha2-nistp256@openssh.com')), str(Buffer.from('nistp256')), str(point), str(Buffer.from('ssh:'))]).toString('base64');
    for (const line of [`sk-ssh-ed25519@openssh.com ${ed} yubikey`, `sk-ecdsa-sha2-nistp256@openssh.com ${ec} yubikey`]) {
      const r = await runCli(['ssh-key', 'add', '--app', name, '--key', line, '--json'], { env });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const list = JSON.parse((await runCli(['ssh-key', 'list', '--app', name, '--json'], { env })).stdout) as unknown;
    expect(JSON.stringify(list)).toContain('sk-ssh-ed25519@openssh.com');
    expect(JSON.stringify(list)).toContain('sk-ecdsa-sha2-nistp256@openssh.com');
  });
});

describe('manifest wording', () => {
  test('a list that is not one, "enabled: yes", an http endpoint: correct text, one path, a hint, only options that exist', async () => {
    const file = path.join(tmpDir(), 'm.yaml');
    fs.writeFileSync(file, 'version: 2\napps:\n  - name: x\n    flows:\n      authorizationCode:\n        enabled: yes\n        redirectUris: https://x.example/cb\n');
    const r = await runCli(['plan', '-f', file], { env: envFor(emu) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:6:18: apps[0].flows.authorizationCode.enabled: must be true or false (YAML 1.2 reads yes/no/on/off as text)`);
    expect(r.stderr).toContain('apps[0].flows.authorizationCode.redirectUris: must be a list');
    expect(r.stderr).not.toMatch(/an list/);
    for (const line of r.stderr.split('\n')) expect(line.split('apps[0]').length).toBeLessThanOrEqual(2); // the key path once

    fs.writeFileSync(file, 'version: 2\napps:\n  - name: x\n    endpoint:\n      uri: http://bot.example.com/space\n');
    const http = await runCli(['apply', '-f', file, '--yes'], { env: envFor(emu) });
    expect(http.code).toBe(2);
    expect(http.stderr).toMatch(/must use https/);
    expect(http.stderr).not.toMatch(/--allow-http/); // apply has no such option
  });
});
