import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter, spawnCli, tmpDir, cleanEnv } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS, writesSince } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s);

describe('app create', () => {
  test('--json prints the app as {id, name, clientId} and no secret', async () => {
    const r = await runCli(['app', 'create', '--name', 'json-bot', '--description', 'CI helper', '--json'], { env: envFor(emu) });
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc).toEqual({ app: { id: expect.any(String), name: 'json-bot', clientId: expect.any(String) }, created: true });
    expect(r.stdout).not.toMatch(/secret/i);
    const post = emu.requests().filter((q) => q.method === 'POST' && q.path === '/api/http/applications').pop();
    expect(post?.body).toEqual({ name: 'json-bot', description: 'CI helper' });
  });

  test('without a TTY a missing --name exits 2 and names the flag (real binary)', async () => {
    const r = await spawnCli(['app', 'create'], { env: envFor(emu) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--name/);
    expect(r.stdout).toBe('');
  });

  test('with no server and credentials it says how to provide them (usage, exit 2)', async () => {
    const r = await spawnCli(['app', 'create', '--name', 'x'], { env: cleanEnv({ SPACECTL_CONFIG_DIR: tmpDir() }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SPACE_URL/);
    expect(r.stderr).toMatch(/SPACE_TOKEN/);
    expect(r.stderr).toMatch(/profile add/);
  });

  test('a TTY prompts for the missing name', async () => {
    const prompter = scriptedPrompter(['prompted-bot']);
    const r = await runCli(['app', 'create', '--json'], { env: envFor(emu), tty: true, prompter });
    expect(r.code).toBe(0);
    expect(prompter.asked).toEqual(['Application name']);
    expect(json(r.stdout).app.name).toBe('prompted-bot');
  });

  test('--no-input and CI both disable prompts even on a TTY', async () => {
    const prompter = scriptedPrompter([]);
    expect((await runCli(['app', 'create', '--no-input'], { env: envFor(emu), tty: true, prompter })).code).toBe(2);
    const r = await runCli(['app', 'create'], { env: envFor(emu, 'admin', { CI: 'true' }), tty: true, prompter });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CI is set/);
  });

  test('duplicate name fails with a hint; --if-not-exists returns the existing app without writing', async () => {
    const env = envFor(emu);
    const first = json((await runCli(['app', 'create', '--name', 'dup-bot', '--json'], { env })).stdout);
    const dup = await runCli(['app', 'create', '--name', 'dup-bot'], { env });
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    expect(dup.stderr).toMatch(/--if-not-exists/);
    const before = emu.requests().length;
    const again = await runCli(['app', 'create', '--name', 'dup-bot', '--if-not-exists', '--json'], { env });
    expect(again.code).toBe(0);
    expect(json(again.stdout)).toEqual({ ...first, created: false });
    expect(writesSince(emu, before)).toEqual([]);
  });

  test('an app whose name merely contains the requested one is not a match', async () => {
    const env = envFor(emu);
    await runCli(['app', 'create', '--name', 'prefix-bot-long', '--json'], { env });
    const r = await runCli(['app', 'create', '--name', 'prefix-bot', '--if-not-exists', '--json'], { env });
    expect(json(r.stdout)).toMatchObject({ app: { name: 'prefix-bot' }, created: true });
  });

  test('--secret-file gets the secret alone, mode 0600; it never reaches stdout or stderr', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'bot.secret');
    const r = await spawnCli(['app', 'create', '--name', 'secret-bot', '--secret-file', file], { env: envFor(emu) });
    expect(r.code).toBe(0);
    const secret = fs.readFileSync(file, 'utf8');
    expect(secret).toMatch(/^\S{16,}\n$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(r.stdout + r.stderr).not.toContain(secret.trim());
    // Re-run with --if-not-exists: same content already there, still fine, file untouched.
    const again = await spawnCli(['app', 'create', '--name', 'secret-bot', '--if-not-exists', '--secret-file', file], { env: envFor(emu) });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already in/);
  });

  test('an existing --secret-file is refused before anything is created', async () => {
    const file = path.join(tmpDir(), 'taken');
    fs.writeFileSync(file, 'old\n');
    const before = emu.requests().length;
    const r = await runCli(['app', 'create', '--name', 'never-made', '--secret-file', file], { env: envFor(emu) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--secret-file .* already exists; pass --force/);
    expect(emu.requests().length).toBe(before);
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
  });

  test('--reveal-secret is the only way to see it on stdout', async () => {
    const r = await runCli(['app', 'create', '--name', 'reveal-bot', '--reveal-secret', '--json'], { env: envFor(emu) });
    const doc = json(r.stdout);
    expect(doc.clientSecret).toMatch(/\S{16,}/);
    const s = await runCli(['app', 'secret', '--app', 'reveal-bot', '--reveal', '--json'], { env: envFor(emu) });
    expect(json(s.stdout).clientSecret).toBe(doc.clientSecret);
  });

  test('bad --email is a usage error naming the flag', async () => {
    const r = await runCli(['app', 'create', '--name', 'x', '--email', 'nope'], { env: envFor(emu) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--email "nope"/);
  });
});

describe('app list / show / delete / secret', () => {
  beforeAll(async () => {
    for (const n of ['list-a', 'list-b', 'other-c']) await runCli(['app', 'create', '--name', n], { env: envFor(emu) });
  });

  test('list filters by name; piped output is tab-separated without a header', async () => {
    const r = await runCli(['app', 'list', '--name', 'list-'], { env: envFor(emu) });
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(rows.map((x) => x[0]).sort()).toEqual(['list-a', 'list-b']);
    const j = json((await runCli(['app', 'list', '--name', 'list-', '--json'], { env: envFor(emu) })).stdout);
    expect(j).toHaveLength(2);
    expect(j[0]).toEqual({ id: expect.any(String), name: expect.any(String), clientId: expect.any(String) });
  });

  test('show accepts a name, id:… and clientId:…', async () => {
    const byName = json((await runCli(['app', 'show', '--app', 'list-a', '--json'], { env: envFor(emu) })).stdout);
    const byId = json((await runCli(['app', 'show', '--app', `id:${byName.id}`, '--json'], { env: envFor(emu) })).stdout);
    const byClient = json((await runCli(['app', 'show', '--app', `clientId:${byName.clientId}`, '--json'], { env: envFor(emu) })).stdout);
    expect(byId.id).toBe(byName.id);
    expect(byClient.id).toBe(byName.id);
  });

  test('unknown app: exit 1 with the name and similar ones', async () => {
    const r = await runCli(['app', 'show', '--app', 'list'], { env: envFor(emu) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no application named "list"; similar: list-a, list-b/);
    const r2 = await runCli(['app', 'show', '--app', 'id:doesnotexist'], { env: envFor(emu) });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/no application id:doesnotexist/);
  });

  test('delete refuses without --yes when not interactive, asks on a TTY, deletes with --yes', async () => {
    const refused = await runCli(['app', 'delete', '--app', 'other-c'], { env: envFor(emu) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/without --yes/);
    const declined = await runCli(['app', 'delete', '--app', 'other-c'], { env: envFor(emu), tty: true, prompter: scriptedPrompter([false]) });
    expect(declined.code).toBe(130);
    const ok = await runCli(['app', 'delete', '--app', 'other-c', '--yes', '--json'], { env: envFor(emu) });
    expect(ok.code).toBe(0);
    expect(json(ok.stdout)).toMatchObject({ deleted: true, app: { name: 'other-c' } });
    expect((await runCli(['app', 'show', '--app', 'other-c'], { env: envFor(emu) })).code).toBe(1);
    const gone = await runCli(['app', 'delete', '--app', 'other-c', '--yes', '--if-exists', '--json'], { env: envFor(emu) });
    expect(gone.code).toBe(0);
    expect(json(gone.stdout)).toEqual({ deleted: false, reason: 'not-found', ref: 'other-c', app: null });
  });

  test('secret --regenerate rotates it; the old secret no longer logs in', async () => {
    const env = envFor(emu);
    const before = json((await runCli(['app', 'secret', '--app', 'list-a', '--reveal', '--json'], { env })).stdout).clientSecret;
    const after = json((await runCli(['app', 'secret', '--app', 'list-a', '--regenerate', '--yes', '--reveal', '--json'], { env })).stdout).clientSecret;
    expect(after).not.toBe(before);
    const none = await runCli(['app', 'secret', '--app', 'list-a'], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--reveal.*--secret-file/);
  });
});

describe('client-credentials login with an app created in the emulator', () => {
  test('SPACE_CLIENT_ID/SECRET get a token from /oauth/token and call as the app', async () => {
    const created = json((await runCli(['app', 'create', '--name', 'cc-bot', '--reveal-secret', '--json'], { env: envFor(emu) })).stdout);
    const env = cleanEnv({ SPACE_URL: emu.url, SPACE_CLIENT_ID: created.app.clientId, SPACE_CLIENT_SECRET: created.clientSecret, SPACECTL_CONFIG_DIR: tmpDir() });
    const r = await runCli(['auth', 'status', '--json'], { env });
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc).toMatchObject({ auth: 'client-credentials', clientId: created.app.clientId, identity: expect.stringContaining('cc-bot') });
    expect(r.stdout + r.stderr).not.toContain(created.clientSecret);
    const tokenCall = emu.requests().filter((q) => q.path === '/oauth/token').pop();
    expect(tokenCall?.method).toBe('POST');
  });

  test('a wrong secret is an auth error (exit 4) that does not echo the secret', async () => {
    const created = json((await runCli(['app', 'create', '--name', 'cc-bad', '--json'], { env: envFor(emu) })).stdout);
    const env = cleanEnv({ SPACE_URL: emu.url, SPACE_CLIENT_ID: created.app.clientId, SPACE_CLIENT_SECRET: 'wrong-secret-value', SPACECTL_CONFIG_DIR: tmpDir() });
    const r = await runCli(['app', 'list'], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/client-credentials login failed/);
    expect(r.stderr).not.toContain('wrong-secret-value');
  });
});

describe('HTTP behaviour against the emulator', () => {
  test('GETs are retried on 503 with Retry-After; --verbose logs them with the token redacted', async () => {
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', status: 503, retryAfterSeconds: 0, count: 2 });
    const r = await runCli(['--verbose', 'app', 'list', '--json'], { env: envFor(emu) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/retrying GET/);
    expect(r.stderr).toMatch(/Bearer \*\*\*/);
    expect(r.stderr).not.toContain(TOKENS.admin);
  });

  test('a POST is not retried on 503 (it may have been applied)', async () => {
    emu.injectFault({ method: 'POST', pathPrefix: '/applications', status: 503, count: 1 });
    const before = emu.requests().length;
    const r = await runCli(['app', 'create', '--name', 'no-retry'], { env: envFor(emu) });
    expect(r.code).toBe(1);
    expect(emu.requests().slice(before).filter((q) => q.method === 'POST')).toHaveLength(1);
  });

  test('a bad token is exit 4 with a hint', async () => {
    const r = await runCli(['app', 'list'], { env: envFor(emu, 'admin', { SPACE_TOKEN: 'bogus' }) });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/authentication-required/);
    expect(r.stderr).toMatch(/hint:/);
  });

  test('every request the CLI sent so far passed the emulator contract check', () => {
    const rejected = emu.requests().filter((q) => q.status === 400 && !['/applications', '/api/http/applications'].includes(q.path));
    expect(rejected).toEqual([]);
  });
});
