// Secrets in the OS keyring: the file fallback (no keyring, a hanging keyring, CI, --insecure-storage) runs
// everywhere; the keyring itself against a real Secret Service (gnome-keyring on a private D-Bus).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { Keyring } from '../../src/config/keyring.js';
import { spawn } from 'node:child_process';
import { BIN, cleanEnv, runCli, spawnCli, tmpDir } from '../helpers/cli.js';
import { startTestEmulator, TOKENS } from '../helpers/emulator.js';
import { secretServiceUnavailable, startSecretService, type SecretService } from '../helpers/secret-service.js';

const unavailable = secretServiceUnavailable();
// Never skip silently: say which tests did not run and why (they also count as skipped in the summary).
if (unavailable) console.warn(`SKIPPED real-keyring tests in test/e2e/keyring.test.ts: ${unavailable}`);
const krTest = unavailable ? test.skip : test;

let emu: Emulator;
let ss: SecretService | undefined;
beforeAll(async () => {
  emu = await startTestEmulator();
  if (!unavailable) ss = await startSecretService();
}, 30_000);
afterAll(async () => {
  await emu.close();
  await ss?.stop();
});

/** A config dir of its own; the keyring is whatever `extra` says (cleanEnv turns it off, so undo that). */
function envWith(extra: Record<string, string | undefined>): Record<string, string | undefined> {
  return cleanEnv({ SPACECTL_CONFIG_DIR: tmpDir('spacectl-kr-'), SPACECTL_KEYRING: undefined, ...extra });
}
const add = (env: Record<string, string | undefined>, name: string, ...flags: string[]) =>
  runCli(['profile', 'add', name, '--url', emu.url, '--token-stdin', ...flags], { env, stdin: TOKENS.admin });
/** Every file under the config dir, to prove the token is in none of them. */
const configText = (env: Record<string, string | undefined>) => {
  const dir = env.SPACECTL_CONFIG_DIR!;
  return fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).isFile() ? fs.readFileSync(path.join(dir, f), 'utf8') : '').join('\n');
};

describe('file fallback (every machine)', () => {
  test('no reachable keyring: the 0600 file, and profile add says so once', async () => {
    const env = envWith({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/spacectl-bus' });
    const r = await add(env, 'nokr');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no OS keyring available: .+; secret stored in .*credentials\.json \(mode 0600\) instead\./);
    expect(r.stderr.match(/keyring/g)).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toContain(TOKENS.admin);
    const cred = path.join(env.SPACECTL_CONFIG_DIR!, 'credentials.json');
    expect(fs.readFileSync(cred, 'utf8')).toContain(TOKENS.admin);
    expect(fs.statSync(cred).mode & 0o777).toBe(0o600);
    const status = JSON.parse((await runCli(['auth', 'status', '--json'], { env })).stdout);
    expect(status).toMatchObject({ storage: 'file', identity: expect.any(String) });
    expect(JSON.parse((await runCli(['profile', 'show', 'nokr', '--json'], { env })).stdout)).toMatchObject({ storage: 'file', secret: 'stored' });
  });

  test('a keyring that never answers is given up after 3 s and the file is used', async () => {
    const dir = tmpDir('spacectl-silent-');
    const sock = path.join(dir, 'bus');
    const silent = net.createServer(() => { /* accept and say nothing */ });
    await new Promise<void>((r) => silent.listen(sock, r));
    try {
      const env = envWith({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${sock}` });
      const r = await spawnCli(['profile', 'add', 'hang', '--url', emu.url, '--token-stdin'], { env, input: TOKENS.admin });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/no OS keyring available: the OS keyring did not answer within 3 s; secret stored in/);
    } finally {
      silent.close();
    }
  }, 60_000);

  const procTest = fs.existsSync('/proc/self/cmdline') ? test : test.skip;
  procTest('the keyring helper gets the secret on stdin: not in its command line (what ps shows) nor its environment', async () => {
    // A bus that accepts and never answers keeps the helper alive for its 3 s, long enough to look at it.
    const dir = tmpDir('spacectl-ps-');
    const sock = path.join(dir, 'bus');
    const silent = net.createServer(() => { /* accept and say nothing */ });
    await new Promise<void>((r) => silent.listen(sock, r));
    const token = 'ps-visible-token-4e1d7c9b';
    try {
      const env = envWith({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${sock}`, SPACE_TOKEN: 'env-token-8a2f6e0d31', SPACE_CLIENT_SECRET: 'env-secret-0b7c3a9e55' });
      const run = spawnCli(['profile', 'add', 'ps', '--url', emu.url, '--token-stdin', '--no-verify'], { env, input: `${token}\n` });
      let helper: { cmdline: string; environ: string } | undefined;
      for (let i = 0; i < 200 && !helper; i++) {
        for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
          try {
            const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
            if (!cmdline.includes('@napi-rs') || !cmdline.includes('getPassword')) continue;
            // This run's helper, not one of another test running at the same time: it has this config dir.
            const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
            if (environ.includes(`SPACECTL_CONFIG_DIR=${env.SPACECTL_CONFIG_DIR}`)) helper = { cmdline, environ };
          } catch { /* gone meanwhile */ }
        }
        if (!helper) await new Promise((r) => setTimeout(r, 25));
      }
      expect((await run).code).toBe(0);
      expect(helper).toBeDefined();
      for (const s of [token, 'env-token-8a2f6e0d31', 'env-secret-0b7c3a9e55']) {
        expect(helper!.cmdline.includes(s)).toBe(false);
        expect(helper!.environ.includes(s)).toBe(false);
      }
      expect(helper!.environ).toContain(`DBUS_SESSION_BUS_ADDRESS=unix:path=${sock}`); // what it needs, it has
    } finally {
      silent.close();
    }
  }, 60_000);

  test('--insecure-storage, SPACECTL_KEYRING=0 and CI=true use the file without touching the keyring', async () => {
    const bus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/spacectl-bus' };
    const flag = await add(envWith(bus), 'a', '--insecure-storage');
    expect(flag.stderr).toMatch(/Secret stored in .*credentials\.json \(mode 0600; --insecure-storage\)/);
    const off = await add(envWith({ ...bus, SPACECTL_KEYRING: '0' }), 'b');
    expect(off.stderr).toMatch(/\(mode 0600; SPACECTL_KEYRING=0\)/);
    const ci = await add(envWith({ ...bus, CI: 'true' }), 'c');
    expect(ci.stderr).toMatch(/\(mode 0600; CI is set; SPACECTL_KEYRING=1 would use the OS keyring\)/);
    for (const r of [flag, off, ci]) {
      expect(r.code).toBe(0);
      expect(r.stderr).not.toMatch(/no OS keyring available/);
    }
  });
});

describe('real keyring (Secret Service)', () => {
  const test = krTest;
  const krEnv = (extra: Record<string, string | undefined> = {}) => envWith({ ...ss!.env, HOME: process.env.HOME, ...extra });

  test('profile add stores the token in the keyring; no file in the config dir holds it; everything reads it back', async () => {
    const env = krEnv({ CI: 'true', SPACECTL_KEYRING: '1' });
    const r = await add(env, 'kr');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Secret stored in the OS keyring \(service spacectl, account kr@/);
    expect(configText(env)).not.toContain(TOKENS.admin);
    const profiles = JSON.parse(fs.readFileSync(path.join(env.SPACECTL_CONFIG_DIR!, 'profiles.json'), 'utf8'));
    const account = profiles.profiles.kr.keyring.account;
    expect(JSON.parse((await new Keyring(env).get(account))!)).toEqual({ token: TOKENS.admin });

    const status = await runCli(['auth', 'status', '--json'], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({ storage: 'keyring', identity: expect.stringContaining('admin') });
    expect((await runCli(['auth', 'status'], { env })).stdout).toMatch(/storage:\s+keyring/);
    expect(JSON.parse((await runCli(['profile', 'show', '--json'], { env })).stdout)).toMatchObject({ storage: 'keyring', secret: 'stored', keyringAccount: account });
    expect(JSON.parse((await runCli(['profile', 'list', '--json'], { env })).stdout)).toEqual([expect.objectContaining({ name: 'kr', storage: 'keyring' })]);
    const list = await spawnCli(['app', 'list', '--json'], { env });
    expect(list.code).toBe(0);

    // Removing the profile removes the keyring entry too.
    expect((await runCli(['profile', 'remove', 'kr', '--yes'], { env })).code).toBe(0);
    expect(await new Keyring(env).get(account)).toBeNull();
  }, 60_000);

  test('profile migrate moves file-stored secrets into the keyring; a second run changes nothing', async () => {
    const env = krEnv();
    expect((await add(env, 'old', '--insecure-storage')).code).toBe(0);
    expect(configText(env)).toContain(TOKENS.admin);
    const m = await runCli(['profile', 'migrate', '--json'], { env });
    expect(m.code).toBe(0);
    expect(JSON.parse(m.stdout)).toEqual([{ name: 'old', result: 'moved' }]);
    expect(configText(env)).not.toContain(TOKENS.admin);
    expect(JSON.parse((await runCli(['auth', 'status', '--json'], { env })).stdout)).toMatchObject({ storage: 'keyring' });
    expect(JSON.parse((await runCli(['profile', 'migrate', '--json'], { env })).stdout)).toEqual([{ name: 'old', result: 'already' }]);
  }, 60_000);

  test('an unreachable keyring, or an entry deleted behind spacectl\'s back, is a clear auth error', async () => {
    const env = krEnv();
    expect((await add(env, 'gone')).code).toBe(0);
    // A keyring that cannot be reached now: an auth error that says which profile and what to do, no stack trace.
    const away = await runCli(['app', 'list'], { env: { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/spacectl-bus' } });
    expect(away.code).toBe(4);
    expect(away.stderr).toMatch(/^error: cannot read the secret of profile "gone" from the OS keyring: .+\nhint: Unlock the keyring/m);
    expect(away.stderr).not.toMatch(/\n\s+at /);
    const profiles = JSON.parse(fs.readFileSync(path.join(env.SPACECTL_CONFIG_DIR!, 'profiles.json'), 'utf8'));
    await new Keyring(env).delete(profiles.profiles.gone.keyring.account);
    const r = await runCli(['app', 'list'], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/profile "gone" has no stored secret \(its OS keyring entry is missing\)/);
  }, 60_000);

  test('auth login (end to end through the CLI): the tokens land in the keyring, never in a config file, and refreshed ones too', async () => {
    // Short-lived access tokens, so the next command refreshes (the CLI refreshes 5 s before expiry).
    const login = await startTestEmulator({ tokenTtlSeconds: 6 });
    try {
      const setup = await runCli(['auth', 'setup-login-app', '--json'], { env: cleanEnv({ SPACE_URL: login.url, SPACE_TOKEN: TOKENS.admin, SPACECTL_CONFIG_DIR: tmpDir() }) });
      expect(setup.code).toBe(0);
      const clientId = JSON.parse(setup.stdout).app.clientId as string;
      const env = krEnv();
      const child = spawn(process.execPath, [BIN, 'auth', 'login', '--url', login.url, '--client-id', clientId, '--no-browser', '--profile', 'me'], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      const done = new Promise<number | null>((resolve) => child.on('close', resolve));
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (d) => {
          stderr += d;
          const m = /(https?:\/\/\S+\/oauth\/auth\?\S+)/.exec(stderr);
          if (m) resolve(m[1]!);
        });
        child.on('close', () => reject(new Error(`auth login ended before printing a URL: ${stderr}`)));
      });
      // The user's side without a browser: the consent page, Accept, and the redirect to the CLI's callback.
      const consent = await (await fetch(url)).text();
      const request = /name="request" value="([0-9a-f]+)"/.exec(consent)![1]!;
      const decided = await fetch(new URL('/oauth/auth/decision', login.url), {
        method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ request, user: login.users.admin.username, decision: 'accept' }).toString(),
      });
      expect(decided.status).toBeGreaterThanOrEqual(300);
      expect((await fetch(decided.headers.get('location')!)).status).toBe(200);
      expect(await done).toBe(0);
      expect(stderr).toMatch(/Secret stored in the OS keyring \(service spacectl, account me@/);

      const profiles = JSON.parse(fs.readFileSync(path.join(env.SPACECTL_CONFIG_DIR!, 'profiles.json'), 'utf8'));
      const account = profiles.profiles.me.keyring.account as string;
      const first = JSON.parse((await new Keyring(env).get(account))!) as { accessToken: string; refreshToken: string };
      expect(first.accessToken.length).toBeGreaterThan(10);
      expect(first.refreshToken.length).toBeGreaterThan(10);
      for (const t of [first.accessToken, first.refreshToken]) {
        expect(configText(env)).not.toContain(t);
        expect(stdout + stderr).not.toContain(t);
      }

      // Past the refresh point: the next command refreshes, and the new tokens go back to the keyring.
      await new Promise((r) => setTimeout(r, 1500));
      const list = await spawnCli(['app', 'list', '--json'], { env });
      expect(list.code).toBe(0);
      const second = JSON.parse((await new Keyring(env).get(account))!) as { accessToken: string; refreshToken: string };
      expect(second.accessToken).not.toBe(first.accessToken);
      for (const t of [first.accessToken, first.refreshToken, second.accessToken, second.refreshToken]) expect(configText(env)).not.toContain(t);
      expect(JSON.parse((await runCli(['auth', 'status', '--json'], { env })).stdout)).toMatchObject({ storage: 'keyring' });
    } finally {
      await login.close();
    }
  }, 60_000);

  test('ten processes at once with the keyring on (migrate, re-add, remove, use): no secret lost, none orphaned, one active', async () => {
    const env = krEnv();
    const names = ['m0', 'm1', 'm2', 'm3', 'm4'];
    const secretOf = (n: string, v: string) => `${v}-secret-of-${n}`;
    const add = (n: string, v: string, ...flags: string[]) => spawnCli(['profile', 'add', n, '--url', emu.url, '--token-stdin', '--no-verify', ...flags], { env, input: `${secretOf(n, v)}\n` });
    for (const n of names) expect((await add(n, 'old', '--insecure-storage')).code).toBe(0);
    expect((await add('gone', 'old')).code).toBe(0);
    const store = () => JSON.parse(fs.readFileSync(path.join(env.SPACECTL_CONFIG_DIR!, 'profiles.json'), 'utf8')) as { active?: string; profiles: Record<string, { keyring?: { account: string } }> };
    const goneAccount = store().profiles.gone!.keyring!.account;

    // migrate moves every file secret while the same names are re-added with new secrets (in the file), one
    // profile is removed while being re-added, and others are made active.
    const runs = await Promise.all([
      spawnCli(['profile', 'migrate'], { env }),
      ...names.map((n) => add(n, 'new', '--insecure-storage')),
      spawnCli(['profile', 'remove', 'gone', '--yes'], { env }),
      add('gone', 'new'),
      spawnCli(['profile', 'use', 'm1'], { env }),
      spawnCli(['profile', 'use', 'm2'], { env }),
    ]);
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));

    // Every re-added profile holds its NEW secret, wherever it is kept now; nothing holds an old one.
    const after = store();
    const creds = fs.existsSync(path.join(env.SPACECTL_CONFIG_DIR!, 'credentials.json')) ? JSON.parse(fs.readFileSync(path.join(env.SPACECTL_CONFIG_DIR!, 'credentials.json'), 'utf8')) as Record<string, { token?: string }> : {};
    const held = async (n: string) => {
      const p = after.profiles[n]!;
      return p.keyring ? JSON.parse((await new Keyring(env).get(p.keyring.account)) ?? '{}').token : creds[n]?.token;
    };
    for (const n of names) expect({ n, token: await held(n) }).toEqual({ n, token: secretOf(n, 'new') });
    // `gone` was removed and re-added at once: either it is there with its new secret, or gone with its keyring entry.
    if (after.profiles.gone) expect(await held('gone')).toBe(secretOf('gone', 'new'));
    else expect(await new Keyring(env).get(goneAccount)).toBeNull();
    expect(Object.keys(creds).every((n) => n in after.profiles && !after.profiles[n]!.keyring)).toBe(true);
    expect(after.active === undefined || after.active in after.profiles).toBe(true);
  }, 120_000);
});
