// Browser login end to end: the admin registers the login app with spacectl, a user runs `auth login`, a real
// headless Chromium clicks Accept (or Deny) on the emulator's consent page, and the tokens become a profile
// that refreshes itself, survives "Access token has expired", fails cleanly when revoked, and logs out.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { Emulator } from '../../src/emulator/index.js';
import { BIN, cleanEnv, runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator } from '../helpers/emulator.js';
import { browserUnavailable, launchBrowser } from '../helpers/browser.js';

const TTL = 6; // seconds: the CLI refreshes 5 s before expiry, so a token is "due" one second after it was issued
const unavailable = browserUnavailable();
// Never skip silently: say which tests did not run and why (they also count as skipped in the summary).
if (unavailable) console.warn(`SKIPPED browser tests in test/e2e/login.test.ts: ${unavailable}`);
const browserTest = unavailable ? test.skip : test;

let emu: Emulator;
let clientId: string;
let browser: BrowserContext | undefined;
beforeAll(async () => {
  emu = await startTestEmulator({ tokenTtlSeconds: TTL });
  // What the README tells an administrator to run once.
  const setup = await runCli(['auth', 'setup-login-app', '--json'], { env: envFor(emu) });
  expect(setup.code).toBe(0);
  clientId = JSON.parse(setup.stdout).app.clientId;
  if (!unavailable) browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await emu.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `auth login --no-browser` as a real process; resolves the URL it prints and, later, how it ended. */
function startLogin(env: Record<string, string | undefined>, extra: string[] = []) {
  const child = spawn(process.execPath, [BIN, 'auth', 'login', '--url', emu.url, '--client-id', clientId, '--no-browser', ...extra], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  const url = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /(https?:\/\/\S+\/oauth\/auth\?\S+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on('close', () => reject(new Error(`auth login ended before printing a URL: ${stderr}`)));
  });
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
  return { url, done, kill: () => child.kill('SIGKILL') };
}

const userEnv = () => cleanEnv({ SPACECTL_CONFIG_DIR: tmpDir('spacectl-login-') });
const credentialsOf = (env: Record<string, string | undefined>) => JSON.parse(fs.readFileSync(path.join(env.SPACECTL_CONFIG_DIR!, 'credentials.json'), 'utf8'));
const tokenGrants = (kind: string) => emu.requests().filter((r) => r.path === '/oauth/token' && (r.body as { grant_type?: string } | undefined)?.grant_type === kind).length;

describe('auth login in a real browser', () => {
  let env: Record<string, string | undefined>;

  browserTest('Accept: the user is logged in, auth status shows them, app list works, auth token prints only the token', async () => {
    env = userEnv();
    const login = startLogin(env, ['--profile', 'me']);
    const url = new URL(await login.url);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const page = await browser!.newPage();
    await page.goto(url.href);
    expect(await page.textContent('#app')).toBe('spacectl-login');
    expect(await page.textContent('#scope')).toBe('**');
    expect(await page.locator('#user option:checked').textContent()).toContain(emu.users.admin.username);
    await page.click('#accept');
    await page.waitForSelector('text=spacectl is logged in');
    await page.close();
    const r = await login.done;
    expect(r.stderr).toMatch(new RegExp(`Logged in to ${emu.url.replace(/[.]/g, '\\.')} as ${emu.users.admin.username}`));
    expect(r.code).toBe(0);

    const stored = credentialsOf(env).me;
    expect(stored).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresAt: expect.any(Number) });
    expect(fs.statSync(path.join(env.SPACECTL_CONFIG_DIR!, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(r.stdout + r.stderr).not.toContain(stored.accessToken);
    expect(r.stdout + r.stderr).not.toContain(stored.refreshToken);

    const status = await runCli(['auth', 'status', '--json'], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({ auth: 'oauth', clientId, profile: 'me', storage: 'file', identity: expect.stringContaining(emu.users.admin.username) });
    const list = await runCli(['app', 'list', '--json'], { env });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((a: { name: string }) => a.name)).toContain('spacectl-login');
    const token = await runCli(['auth', 'token'], { env });
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^\S+\n$/);
    expect(token.stderr).toBe('');
  }, 90_000);

  browserTest('the token is refreshed before it expires, and once when Space says it has expired', async () => {
    const before = tokenGrants('refresh_token');
    const first = credentialsOf(env).me;
    await sleep(1_500); // now within 5 s of expiry
    expect((await runCli(['app', 'list'], { env })).code).toBe(0);
    expect(tokenGrants('refresh_token')).toBe(before + 1);
    const second = credentialsOf(env).me;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).toBe(first.refreshToken);

    // The server expires the token while the client still believes it valid: one refresh, then the call works.
    fs.writeFileSync(path.join(env.SPACECTL_CONFIG_DIR!, 'credentials.json'), JSON.stringify({ me: { ...second, expiresAt: Date.now() + 3600_000 } }), { mode: 0o600 });
    await sleep(TTL * 1000 + 500);
    const r = await runCli(['app', 'list'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(tokenGrants('refresh_token')).toBe(before + 2);
    const expiredAnswers = emu.requests().filter((q) => q.status === 401).length;
    expect(expiredAnswers).toBeGreaterThan(0);
  }, 60_000);

  browserTest('a revoked refresh token says to log in again (exit 4); logout deletes the tokens', async () => {
    emu.revokeRefreshTokens();
    const stored = credentialsOf(env).me;
    fs.writeFileSync(path.join(env.SPACECTL_CONFIG_DIR!, 'credentials.json'), JSON.stringify({ me: { ...stored, expiresAt: 0 } }), { mode: 0o600 });
    const r = await runCli(['app', 'list'], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: the login has expired or was revoked; run `spacectl auth login` again$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);

    const out = await runCli(['auth', 'logout'], { env });
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/Logged out of .* \(profile me\)/);
    expect(credentialsOf(env).me).toBeUndefined();
    const again = await runCli(['auth', 'logout'], { env });
    expect(again.stderr).toMatch(/already logged out/);
    const token = await runCli(['auth', 'token'], { env });
    expect(token.code).toBe(4);
    expect(token.stderr).toMatch(/profile "me" is logged out/);
    expect(token.stdout).toBe('');
  }, 60_000);

  browserTest('Deny ends the login with a clear error and saves nothing', async () => {
    const denyEnv = userEnv();
    const login = startLogin(denyEnv);
    const page = await browser!.newPage();
    await page.goto(await login.url);
    await page.click('#deny');
    await page.waitForSelector('text=Login cancelled');
    await page.close();
    const r = await login.done;
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/login was not granted \(access_denied: The user denied access\)/);
    expect((await runCli(['profile', 'list', '--json'], { env: denyEnv })).stdout).toBe('[]\n');
  }, 60_000);
});

describe('auth login without a browser', () => {
  test('setup-login-app is idempotent and sets what the documented app create + flow enable sequence sets', async () => {
    const again = await runCli(['auth', 'setup-login-app', '--json'], { env: envFor(emu) });
    expect(JSON.parse(again.stdout)).toMatchObject({ app: { id: expect.any(String), name: 'spacectl-login', clientId }, created: false, changed: false, login: `spacectl auth login --url ${emu.url} --client-id ${clientId}` });
    const human = await runCli(['auth', 'setup-login-app'], { env: envFor(emu) });
    expect(human.stderr).toMatch(/Login application spacectl-login is already set up/);
    const admin = envFor(emu);
    expect((await runCli(['app', 'create', '--name', 'login-by-hand'], { env: admin })).code).toBe(0);
    expect((await runCli(['flow', 'enable', '--app', 'login-by-hand', 'authorization-code', '--redirect-uri', 'http://127.0.0.1/callback', '--pkce'], { env: admin })).code).toBe(0);
    const show = (name: string) => runCli(['app', 'show', '--app', name, '--json'], { env: admin }).then((r) => JSON.parse(r.stdout));
    const [a, b] = [await show('spacectl-login'), await show('login-by-hand')];
    for (const k of ['codeFlowEnabled', 'codeFlowRedirectURIs', 'pkceRequired']) expect(b[k]).toEqual(a[k]);
    expect(a).toMatchObject({ codeFlowEnabled: true, pkceRequired: true });
  });


  test('a redirect with the wrong state is refused and saves nothing', async () => {
    const env = userEnv();
    const login = startLogin(env);
    const redirect = new URL(new URL(await login.url).searchParams.get('redirect_uri')!);
    redirect.searchParams.set('code', 'forged-code');
    redirect.searchParams.set('state', 'not-the-state');
    const res = await fetch(redirect);
    expect(res.status).toBe(400);
    const r = await login.done;
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/login failed: the redirect carried the wrong state/);
    expect((await runCli(['profile', 'list', '--json'], { env })).stdout).toBe('[]\n');
  }, 60_000);

  test('the emulator checks PKCE: a wrong code_verifier gets invalid_grant; the consent page rejects unknown redirect URIs', async () => {
    const verifier = 'x'.repeat(43);
    const { createHash } = await import('node:crypto');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: 'http://127.0.0.1:1/callback', state: 's', scope: '**', code_challenge: challenge, code_challenge_method: 'S256' });
    const consent = await (await fetch(`${emu.url}/oauth/auth?${q}`)).text();
    const request = /name="request" value="([^"]+)"/.exec(consent)![1]!;
    const decided = await fetch(`${emu.url}/oauth/auth/decision`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ request, decision: 'accept', user: emu.users.member.username }) });
    expect(decided.status).toBe(302);
    const code = new URL(decided.headers.get('location')!).searchParams.get('code')!;
    const exchange = (v: string) => fetch(`${emu.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:1/callback', code_verifier: v, client_id: clientId }) });
    const wrong = await exchange('y'.repeat(43));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/PKCE/) });
    // Codes are single-use: even the right verifier fails now.
    expect((await exchange(verifier)).status).toBe(400);

    const bad = await fetch(`${emu.url}/oauth/auth?${new URLSearchParams({ ...Object.fromEntries(q), redirect_uri: 'https://evil.example/cb' })}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Redirect URI not allowed/);
    expect(bad.headers.get('location')).toBeNull();
  });
});
