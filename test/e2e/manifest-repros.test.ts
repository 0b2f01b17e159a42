// The reproductions of issue 9, end to end: an app configured with the imperative commands, exported, planned and
// applied to a second, empty server. Each must give the right result (the manifest never lies).
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, writesSince } from '../helpers/emulator.js';

let a: Emulator;
let b: Emulator;
beforeAll(async () => {
  [a, b] = await Promise.all([startTestEmulator(), startTestEmulator()]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

const json = (s: string) => JSON.parse(s) as any;
const ok = async (argv: string[], env: Record<string, string | undefined>, stdin?: string) => {
  const r = await runCli(argv, { env, ...(stdin !== undefined ? { stdin } : {}) });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} → ${r.code}: ${r.stderr}`);
  return r;
};
/** Rights per context as `rights list --all-contexts` shows them, without statuses. */
async function rightsByContext(env: Record<string, string | undefined>, app: string): Promise<Record<string, string[]>> {
  const rows = json((await ok(['rights', 'list', '--app', app, '--all-contexts', '--json'], env)).stdout) as Array<{ context: string; code: string }>;
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.context] ??= []).push(r.code);
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

test('repro 1: a project right stays in its project: export, plan in sync, apply elsewhere never widens it to global', async () => {
  const envA = envFor(a, 'admin');
  await ok(['app', 'create', '--name', 'rt-bot'], envA);
  await ok(['project', 'add', '--app', 'rt-bot', 'BACKEND', '--right', 'Project.Issues.View'], envA);
  const file = path.join(tmpDir(), 'rt.yaml');
  await ok(['app', 'export', '--app', 'rt-bot', '-o', file], envA);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toMatch(/^version: 2$/m);
  const doc = json((await ok(['app', 'export', '--app', 'rt-bot', '--json'], envA)).stdout);
  expect(doc.apps[0].rights).toEqual({ required: ['Project.Issues.View'], global: [], projects: { BACKEND: ['Project.Issues.View'] } });

  const plan = await runCli(['plan', '-f', file], { env: envA });
  expect(plan.stdout).toContain('In sync');
  expect(plan.code).toBe(0);

  const envB = envFor(b, 'admin');
  const n = b.requests().length;
  expect((await runCli(['apply', '-f', file, '--yes'], { env: envB })).code).toBe(0);
  const requests = b.requests().slice(n).filter((q) => q.path.endsWith('/request-rights')).map((q) => (q.body as { contextIdentifier: string }).contextIdentifier);
  expect(requests).toEqual(['project:key:BACKEND']);
  expect(await rightsByContext(envB, 'rt-bot')).toEqual({ 'project:key:BACKEND': ['Project.Issues.View'] });
  expect(await rightsByContext(envA, 'rt-bot')).toEqual({ 'project:key:BACKEND': ['Project.Issues.View'] });
});

test('repro 2: Bearer app-level auth with signing-key verification: plan is in sync and apply keeps the Bearer auth', async () => {
  const envA = envFor(a, 'admin');
  await ok(['app', 'create', '--name', 'bearer-bot'], envA);
  await ok(['endpoint', 'set', '--app', 'bearer-bot', '--uri', 'https://bot.example.com/space', '--verification', 'signing-key', '--bearer-token-stdin'], envA, 'tok-123\n');
  const file = path.join(tmpDir(), 'bearer.yaml');
  const exported = await ok(['app', 'export', '--app', 'bearer-bot', '-o', file], envA);
  expect(exported.stderr).toMatch(/bearer token is not exported.*\$BEARER_BOT_BEARER_TOKEN/);
  expect(fs.readFileSync(file, 'utf8')).not.toContain('tok-123');
  const plan = await runCli(['plan', '-f', file], { env: envA });
  expect(plan.stdout).not.toMatch(/bearer → signing-key/);
  expect(plan.code).toBe(0);
  const n = a.requests().length;
  expect((await runCli(['apply', '-f', file, '--yes'], { env: envA })).code).toBe(0);
  expect(writesSince(a, n)).toEqual([]);
  expect(json((await ok(['endpoint', 'show', '--app', 'bearer-bot', '--json'], envA)).stdout).endpoint).toMatchObject({ appLevelAuth: 'Bearer', verification: ['signing-key'] });

  // On an empty server the token comes from the reference; without it, apply refuses before any write.
  const envB = envFor(b, 'admin');
  const m = b.requests().length;
  const refused = await runCli(['apply', '-f', file, '--yes'], { env: envB });
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/endpoint\.appLevelAuth\.bearer\.token/);
  expect(writesSince(b, m)).toEqual([]);
  expect((await runCli(['apply', '-f', file, '--yes'], { env: { ...envB, BEARER_BOT_BEARER_TOKEN: 'tok-123' } })).code).toBe(0);
  const shown = json((await ok(['endpoint', 'show', '--app', 'bearer-bot', '--json'], envB)).stdout).endpoint;
  expect(shown).toMatchObject({ appLevelAuth: 'Bearer', bearerToken: true, verification: ['signing-key'] });
});

test('repro 2: going from verification-token to signing-key through a manifest leaves only the signing key on', async () => {
  const envA = envFor(a, 'admin');
  await ok(['app', 'create', '--name', 'token-bot'], envA);
  await ok(['endpoint', 'set', '--app', 'token-bot', '--uri', 'https://bot.example.com/space', '--verification', 'verification-token'], envA);
  const file = path.join(tmpDir(), 'token.yaml');
  fs.writeFileSync(file, 'version: 2\napps:\n  - name: token-bot\n    endpoint: { verification: signing-key }\n');
  const plan = await runCli(['plan', '-f', file], { env: envA });
  expect(plan.code).toBe(3);
  expect(plan.stdout).toContain('~ endpoint.verification: verification-token → signing-key');
  expect((await runCli(['apply', '-f', file, '--yes'], { env: envA })).code).toBe(0);
  const shown = json((await ok(['endpoint', 'show', '--app', 'token-bot', '--json'], envA)).stdout).endpoint;
  expect(shown).toMatchObject({ verification: ['signing-key'], signingKey: true, verificationToken: false });
  expect((await runCli(['plan', '-f', file], { env: envA })).code).toBe(0);
});

test('repro 3: signing-key verification plus basic auth exports both (no "not expressible"), and show tells the truth', async () => {
  const envA = envFor(a, 'admin');
  await ok(['app', 'create', '--name', 'basic-bot'], envA);
  await ok(['endpoint', 'set', '--app', 'basic-bot', '--uri', 'https://bot.example.com/space', '--verification', 'signing-key'], envA);
  await ok(['endpoint', 'set', '--app', 'basic-bot', '--basic-auth-user', 'space', '--basic-auth-password-stdin'], envA, 'pw-secret\n');
  const r = await ok(['app', 'export', '--app', 'basic-bot', '--json'], envA);
  expect(r.stderr).not.toMatch(/not expressible/);
  expect(r.stdout + r.stderr).not.toContain('pw-secret');
  expect(json(r.stdout).apps[0].endpoint).toEqual({
    uri: 'https://bot.example.com/space', verification: 'signing-key', sslVerification: true,
    appLevelAuth: { basic: { username: 'space', password: { env: 'BASIC_BOT_BASIC_PASSWORD' } } },
  });
  // Switching the verification keeps the basic auth, and show reports exactly that.
  await ok(['endpoint', 'set', '--app', 'basic-bot', '--verification', 'verification-token'], envA);
  expect(json((await ok(['endpoint', 'show', '--app', 'basic-bot', '--json'], envA)).stdout).endpoint).toMatchObject({
    verification: ['verification-token'], appLevelAuth: 'Basic', basicAuthUsername: 'space', signingKey: false,
  });
});
