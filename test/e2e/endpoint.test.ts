import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter, spawnCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, writesSince, newApp } from '../helpers/emulator.js';

let emu: Emulator;
let env: Record<string, string | undefined>;
beforeAll(async () => {
  emu = await startTestEmulator();
  env = envFor(emu);
});
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s);
const lastPatch = () => emu.requests().filter((q) => q.method === 'PATCH').pop();
const show = async (app: string) => json((await runCli(['endpoint', 'show', '--app', app, '--json'], { env })).stdout);
const reveal = async (app: string, what: 'signing-key' | 'verification-token') => {
  const r = await runCli(['endpoint', what, '--app', app, '--reveal'], { env });
  expect(r.code).toBe(0);
  return r.stdout.trim();
};

describe('endpoint set / show', () => {
  test('http to a public host is refused with exit 2 before any request', async () => {
    const app = await newApp(env, 'ep-app');
    const before = emu.requests().length;
    const r = await runCli(['endpoint', 'set', '--app', app, '--uri', 'http://bot.example.com/space'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/must use https/);
    expect(emu.requests().length).toBe(before);
    const local = await runCli(['endpoint', 'set', '--app', app, '--uri', 'http://127.0.0.1:9/space'], { env });
    expect(local.code).toBe(2);
    expect(local.stderr).toMatch(/--allow-http/);
  });

  test('an https URI is stored and shown; a re-run sends nothing', async () => {
    const app = await newApp(env, 'ep-app');
    const r = await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--json'], { env });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ changed: true, sent: ['endpointUri'], endpoint: { uri: 'https://bot.example.com/space' } });
    expect(lastPatch()?.body).toEqual({ endpointUri: 'https://bot.example.com/space' });
    expect(await show(app)).toEqual({
      app: { id: expect.any(String), name: app, clientId: expect.any(String) },
      endpoint: { uri: 'https://bot.example.com/space', sslVerification: true, verification: [], appLevelAuth: null, signingKey: false, publicKeySignature: false, verificationToken: false, bearerToken: false, basicAuthUsername: null, sslKeystore: null },
    });
    const before = emu.requests().length;
    const again = await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--ssl-verification'], { env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already set/);
    expect(writesSince(emu, before)).toEqual([]);
  });

  test('--verification signing-key turns signing on (SigningKey app-level auth); switching to the token turns it off', async () => {
    const app = await newApp(env, 'ep-app');
    await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--verification', 'signing-key'], { env });
    expect(lastPatch()?.body).toEqual({ endpointUri: 'https://bot.example.com/space', hasSigningKey: true, appLevelAuth: 'SigningKey' });
    // A signature method is verification, not credentials Space presents: no app-level auth.
    expect((await show(app)).endpoint).toMatchObject({ verification: ['signing-key'], signingKey: true, appLevelAuth: null });
    const r = await runCli(['endpoint', 'set', '--app', app, '--verification', 'verification-token', '--json'], { env });
    expect(r.code).toBe(0);
    expect(lastPatch()?.body).toEqual({ hasSigningKey: false, hasVerificationToken: true });
    expect(json(r.stdout).endpoint).toMatchObject({ verification: ['verification-token'], signingKey: false, verificationToken: true, appLevelAuth: null });
    // Repro 3: `endpoint show` reports what the server holds after the switch, not a stale "SigningKey".
    const shown = await runCli(['endpoint', 'show', '--app', app], { env });
    expect(shown.stdout).toMatch(/app-level auth:\s+none/);
    expect(shown.stdout).toMatch(/verification:\s+verification-token/);
    await runCli(['endpoint', 'set', '--app', app, '--verification', 'none'], { env });
    expect(lastPatch()?.body).toEqual({ hasVerificationToken: false });
  });

  test('--no-ssl-verification and an unknown --verification value', async () => {
    const app = await newApp(env, 'ep-app');
    await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--no-ssl-verification'], { env });
    expect(lastPatch()?.body).toEqual({ endpointUri: 'https://bot.example.com/space', endpointSslVerification: false });
    const bad = await runCli(['endpoint', 'set', '--app', app, '--verification', 'hmac'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/signing-key, public-key, verification-token, none/);
  });

  test('bearer token from stdin: sent once, never echoed, a re-run with the same token sends nothing', async () => {
    const app = await newApp(env, 'ep-app');
    const token = 'bearer-secret-0123456789';
    const r = await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--verification', 'signing-key', '--bearer-token-stdin', '--json'], { env, stdin: `${token}\n` });
    expect(r.code).toBe(0);
    expect(lastPatch()?.body).toEqual({ endpointUri: 'https://bot.example.com/space', hasSigningKey: true, bearerAuthToken: token, appLevelAuth: 'Bearer' });
    expect(json(r.stdout).endpoint).toMatchObject({ appLevelAuth: 'Bearer', bearerToken: true, signingKey: true });
    expect(r.stdout + r.stderr).not.toContain(token);
    const before = emu.requests().length;
    const again = await runCli(['endpoint', 'set', '--app', app, '--bearer-token-stdin'], { env, stdin: token });
    expect(again.code).toBe(0);
    expect(writesSince(emu, before)).toEqual([]);
  });

  test('basic auth needs both flags; with both it is sent', async () => {
    const app = await newApp(env, 'ep-app');
    const half = await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--basic-auth-user', 'space'], { env });
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--basic-auth-password-stdin/);
    const both = await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--bearer-token-stdin', '--basic-auth-user', 'u', '--basic-auth-password-stdin'], { env, stdin: 'x' });
    expect(both.code).toBe(2);
    const r = await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--basic-auth-user', 'space', '--basic-auth-password-stdin', '--json'], { env, stdin: 'pw-secret' });
    expect(r.code).toBe(0);
    expect(lastPatch()?.body).toEqual({ endpointUri: 'https://bot.example.com/space', basicAuthUsername: 'space', basicAuthPassword: 'pw-secret', appLevelAuth: 'Basic' });
    expect(json(r.stdout).endpoint).toMatchObject({ appLevelAuth: 'Basic', basicAuthUsername: 'space' });
    expect(r.stdout).not.toContain('pw-secret');
  });

  test('--uri is required for an app without an endpoint (named without a TTY, prompted on one)', async () => {
    const app = await newApp(env, 'ep-app');
    const r = await runCli(['endpoint', 'set', '--app', app], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--uri/);
    const other = await runCli(['endpoint', 'set', '--app', app, '--verification', 'signing-key'], { env });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/has no endpoint yet.*--uri/);
    const prompter = scriptedPrompter(['https://prompted.example.com/space']);
    const ok = await runCli(['endpoint', 'set', '--app', app, '--json'], { env, tty: true, prompter });
    expect(ok.code).toBe(0);
    expect(json(ok.stdout).endpoint.uri).toBe('https://prompted.example.com/space');
  });
});

describe('endpoint signing-key / verification-token', () => {
  test('--reveal prints the key on stdout only; --secret-file writes it 0600; never in stderr', async () => {
    const app = await newApp(env, 'ep-app');
    await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--verification', 'signing-key'], { env });
    const key = await reveal(app, 'signing-key');
    expect(key).toMatch(/^\S{16,}$/);
    const file = path.join(tmpDir(), 'signing.key');
    const r = await spawnCli(['endpoint', 'signing-key', '--app', app, '--secret-file', file], { env });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${key}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(r.stdout + r.stderr).not.toContain(key);
    const j = await runCli(['endpoint', 'signing-key', '--app', app, '--reveal', '--json'], { env });
    expect(json(j.stdout)).toMatchObject({ regenerated: false, signingKey: key });
    expect(j.stderr).not.toContain(key);
  });

  test('--regenerate rotates (needs --yes without a TTY) and checks --secret-file first', async () => {
    const app = await newApp(env, 'ep-app');
    await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--verification', 'signing-key'], { env });
    const old = await reveal(app, 'signing-key');
    const refused = await runCli(['endpoint', 'signing-key', '--app', app, '--regenerate'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'exists'), 'x');
    const before = emu.requests().length;
    const blocked = await runCli(['endpoint', 'signing-key', '--app', app, '--regenerate', '--yes', '--secret-file', path.join(dir, 'exists')], { env });
    expect(blocked.code).toBe(2);
    expect(writesSince(emu, before)).toEqual([]);
    const r = await runCli(['endpoint', 'signing-key', '--app', app, '--regenerate', '--yes', '--json'], { env });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual({ app: { id: expect.any(String), name: app, clientId: expect.any(String) }, regenerated: true });
    expect(emu.requests().some((q) => q.method === 'POST' && q.path.endsWith('/signing-key/regenerate'))).toBe(true);
    expect(await reveal(app, 'signing-key')).not.toBe(old);
  });

  test('an app without a signing key gets a clear error and a hint', async () => {
    const app = await newApp(env, 'ep-app');
    const r = await runCli(['endpoint', 'signing-key', '--app', app, '--reveal'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no signing key/);
    expect(r.stderr).toMatch(/--verification signing-key/);
    const none = await runCli(['endpoint', 'signing-key', '--app', app], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--reveal.*--secret-file/);
  });

  test('the verification token works the same way', async () => {
    const app = await newApp(env, 'ep-app');
    await runCli(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--verification', 'verification-token'], { env });
    const token = await reveal(app, 'verification-token');
    expect(token.length).toBeGreaterThan(10);
    const r = await runCli(['endpoint', 'verification-token', '--app', app, '--regenerate', '--yes', '--reveal', '--json'], { env });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ regenerated: true, verificationToken: expect.any(String) });
    expect(json(r.stdout).verificationToken).not.toBe(token);
  });
});

/** A stand-in app endpoint that verifies Space's signature itself (node crypto, not spacectl's code). */
interface Receiver { url: string; calls: Array<{ headers: http.IncomingHttpHeaders; body: string }>; close(): Promise<void> }
async function receiver(check: (headers: http.IncomingHttpHeaders, body: string) => boolean, extra: { echo?: boolean } = {}): Promise<Receiver> {
  const calls: Receiver['calls'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      calls.push({ headers: req.headers, body });
      const ok = check(req.headers, body);
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(ok ? JSON.stringify({ commands: [] }) : `{"error":"bad signature"${extra.echo ? `,"got":${JSON.stringify(body)}` : ''}}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/space`, calls, close: () => new Promise((r) => server.close(() => r())) };
}

function validSignature(key: string) {
  return (h: http.IncomingHttpHeaders, body: string): boolean => {
    const ts = String(h['x-space-timestamp'] ?? '');
    const sig = String(h['x-space-signature'] ?? '');
    if (!/^\d{13}$/.test(ts) || Math.abs(Date.now() - Number(ts)) > 60_000) return false;
    const expected = crypto.createHmac('sha256', key).update(`${ts}:${body}`).digest('hex');
    return sig.length === expected.length && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
  };
}

describe('endpoint test', () => {
  test('a receiver that checks the signature accepts the call: exit 0, status and latency reported, key never printed', async () => {
    const app = await newApp(env, 'ep-app');
    let key = '';
    const rec = await receiver((h, body) => validSignature(key)(h, body));
    try {
      await runCli(['endpoint', 'set', '--app', app, '--uri', rec.url, '--allow-http', '--verification', 'signing-key'], { env });
      key = await reveal(app, 'signing-key');
      const r = await runCli(['endpoint', 'test', '--app', app, '--json'], { env });
      expect(rec.calls).toHaveLength(1);
      expect(r.code).toBe(0);
      expect(json(r.stdout)).toMatchObject({ uri: rec.url, sentWith: ['signing-key'], status: 200, ok: true, latencyMs: expect.any(Number), body: '{"commands":[]}' });
      const payload = json(rec.calls[0]!.body);
      expect(payload).toMatchObject({ className: 'ListCommandsPayload', clientId: expect.any(String) });
      expect(r.stdout + r.stderr).not.toContain(key);
    } finally {
      await rec.close();
    }
  });

  test('a receiver with another key rejects it: exit 1 and what it answered (real binary)', async () => {
    const app = await newApp(env, 'ep-app');
    const rec = await receiver(validSignature('not-the-right-key'), { echo: true });
    try {
      await runCli(['endpoint', 'set', '--app', app, '--uri', rec.url, '--allow-http', '--verification', 'signing-key'], { env });
      const key = await reveal(app, 'signing-key');
      const r = await spawnCli(['endpoint', 'test', '--app', app], { env });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/status:\s+401/);
      expect(r.stdout).toMatch(/bad signature/);
      expect(r.stderr).toMatch(/rejected the call \(HTTP 401\)/);
      expect(r.stdout + r.stderr).not.toContain(key);
    } finally {
      await rec.close();
    }
  });

  test('with the verification token the token travels in the payload', async () => {
    const app = await newApp(env, 'ep-app');
    let token = '';
    const rec = await receiver((_h, body) => JSON.parse(body).verificationToken === token);
    try {
      await runCli(['endpoint', 'set', '--app', app, '--uri', rec.url, '--allow-http', '--verification', 'verification-token'], { env });
      token = await reveal(app, 'verification-token');
      const r = await runCli(['endpoint', 'test', '--app', app, '--json'], { env });
      expect(r.code).toBe(0);
      expect(json(r.stdout)).toMatchObject({ sentWith: ['verification-token'], status: 200 });
      expect(rec.calls[0]!.headers['x-space-signature']).toBeUndefined();
    } finally {
      await rec.close();
    }
    // An endpoint that rejects and echoes the payload must not make spacectl print the token.
    const echo = await receiver(() => false, { echo: true });
    try {
      await runCli(['endpoint', 'set', '--app', app, '--uri', echo.url, '--allow-http'], { env });
      const r = await runCli(['endpoint', 'test', '--app', app], { env });
      expect(r.code).toBe(1);
      expect(echo.calls[0]!.body).toContain(token);
      expect(r.stdout).toContain('[REDACTED]');
      expect(r.stdout + r.stderr).not.toContain(token);
    } finally {
      await echo.close();
    }
  });

  test('an app without an endpoint is refused; an unreachable endpoint exits 1; a bad --timeout exits 2', async () => {
    const app = await newApp(env, 'ep-app');
    const none = await runCli(['endpoint', 'test', '--app', app], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/has no endpoint URI/);
    const rec = await receiver(() => true);
    await rec.close(); // the port is now closed
    await runCli(['endpoint', 'set', '--app', app, '--uri', rec.url, '--allow-http'], { env });
    const r = await runCli(['endpoint', 'test', '--app', app, '--timeout', '2000', '--json'], { env });
    expect(r.code).toBe(1);
    expect(json(r.stdout)).toMatchObject({ status: null, ok: false, error: expect.stringMatching(/ECONNREFUSED/) });
    expect(json(r.stdout).notes.join(' ')).toMatch(/verifies nothing/);
    const bad = await runCli(['endpoint', 'test', '--app', app, '--timeout', 'soon'], { env });
    expect(bad.code).toBe(2);
  });
});
