// Public-key verification end to end: the JWKS of `endpoint public-keys`, and `endpoint test` signing as Space
// does, checked by an independent verifier (node:crypto with the JWK) inside a receiving endpoint.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { envFor, newApp, startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
let env: Record<string, string | undefined>;
beforeAll(async () => { emu = await startTestEmulator(); env = envFor(emu); });
afterAll(async () => { await emu.close(); });

interface Receiver { url: string; calls: Array<{ headers: http.IncomingHttpHeaders; body: string }>; close(): Promise<void> }

/** An endpoint that verifies X-Space-Public-Key-Signature with the keys of `jwks()` (fetched per call, as a verifier would). */
async function receiver(jwks: () => Promise<{ keys: crypto.JsonWebKey[] }>): Promise<Receiver> {
  const calls: Receiver['calls'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void (async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      calls.push({ headers: req.headers, body });
      const ts = String(req.headers['x-space-timestamp'] ?? '');
      const sig = Buffer.from(String(req.headers['x-space-public-key-signature'] ?? ''), 'base64');
      const fresh = /^\d{13}$/.test(ts) && Math.abs(Date.now() - Number(ts)) < 60_000;
      const ok = fresh && (await jwks()).keys.some((jwk) =>
        crypto.verify('sha512', Buffer.from(`${ts}:${body}`, 'utf8'), { key: crypto.createPublicKey({ key: jwk, format: 'jwk' }), padding: crypto.constants.RSA_PKCS1_PADDING }, sig));
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(ok ? '{"commands":[]}' : '{"error":"bad signature"}');
    })());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/space`, calls, close: () => new Promise((r) => server.close(() => r())) };
}

/** The JWKS straight from the emulator, as an app's verifier would fetch it (a JSON string holding JWKS). */
async function fetchJwks(app: string): Promise<{ keys: crypto.JsonWebKey[] }> {
  const id = JSON.parse((await runCli(['app', 'show', '--app', app, '--json'], { env })).stdout).id as string;
  const res = await fetch(`${emu.url}/api/http/applications/id:${id}/public-keys`, { headers: { authorization: `Bearer ${TOKENS.admin}` } });
  return JSON.parse(JSON.parse(await res.text()) as string) as { keys: crypto.JsonWebKey[] };
}

test('endpoint public-keys shows the app\'s JWKS: a table, or the JWKS itself with --json', async () => {
  const app = await newApp(env, 'pk-app');
  const expected = await fetchJwks(app);
  const j = await runCli(['endpoint', 'public-keys', '--app', app, '--json'], { env });
  expect(j.code).toBe(0);
  expect(JSON.parse(j.stdout)).toEqual(expected);
  expect(expected.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS512', use: 'sig', e: 'AQAB' });
  const t = await spawnCli(['endpoint', 'public-keys', '--app', app], { env });
  expect(t.code).toBe(0);
  expect(t.stdout.trim().split('\t')).toEqual([(expected.keys[0] as { kid: string }).kid, 'RSA', 'RS512', 'sig', '2048']);
  // Each app has its own key.
  const other = await fetchJwks(await newApp(env, 'pk-app'));
  expect(other.keys[0]!.n).not.toBe(expected.keys[0]!.n);
});

test('endpoint test signs with the app\'s key as Space does; a verifier with the app\'s JWKS accepts it', async () => {
  const app = await newApp(env, 'pk-app');
  const rec = await receiver(() => fetchJwks(app));
  try {
    const set = await runCli(['endpoint', 'set', '--app', app, '--uri', rec.url, '--allow-http', '--verification', 'public-key'], { env });
    expect(set.code).toBe(0);
    const r = await runCli(['endpoint', 'test', '--app', app, '--json'], { env });
    expect(rec.calls).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ sentWith: ['public-key'], status: 200, ok: true, notes: [] });
    expect(r.code).toBe(0);
    expect(rec.calls[0]!.headers['x-space-signature']).toBeUndefined();
  } finally {
    await rec.close();
  }
});

test('a verifier holding another app\'s keys rejects the signature (exit 1)', async () => {
  const app = await newApp(env, 'pk-app');
  const stranger = await newApp(env, 'pk-app');
  const rec = await receiver(() => fetchJwks(stranger));
  try {
    await runCli(['endpoint', 'set', '--app', app, '--uri', rec.url, '--allow-http', '--verification', 'public-key'], { env });
    const r = await spawnCli(['endpoint', 'test', '--app', app], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/status:\s+401/);
    expect(rec.calls[0]!.headers['x-space-public-key-signature']).toMatch(/^[A-Za-z0-9+/]+=*$/);
  } finally {
    await rec.close();
  }
});

test('the emulator\'s signing call needs a valid Space token', async () => {
  const app = await newApp(env, 'pk-app');
  const id = JSON.parse((await runCli(['app', 'show', '--app', app, '--json'], { env })).stdout).id as string;
  const sign = (token: string) => fetch(`${emu.url}/__emulator/sign-payload`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ application: `id:${id}`, timestamp: '1700000000000', body: '{}' }) });
  expect((await sign('nobody')).status).toBe(401);
  expect((await sign(TOKENS.member)).status).toBe(200);
});
