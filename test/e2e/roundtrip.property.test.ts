// Property: any app the CLI can configure survives `app export` → `plan` (in sync) → `apply` to an empty server
// → `app export` there (identical), and every context holds exactly the same rights on both servers (none wider).
// Random configurations are built through the CLI commands on one emulator and applied to a second one.
//   SPACECTL_PROPERTY_RUNS=200 npm test -- roundtrip      many more runs
//   SPACECTL_PROPERTY_SEED=<seed> [SPACECTL_PROPERTY_PATH=<path>] …   replay a failure (both are printed)
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Emulator } from '../../src/emulator/index.js';
import { ROOT, runCli, tmpDir } from '../helpers/cli.js';
import { MEMBER_GLOBAL_RIGHTS } from '../../src/emulator/seed.js';
import { envFor, startTestEmulator } from '../helpers/emulator.js';

const RUNS = Number(process.env.SPACECTL_PROPERTY_RUNS ?? 8);
const SEED = process.env.SPACECTL_PROPERTY_SEED !== undefined ? Number(process.env.SPACECTL_PROPERTY_SEED) : Math.floor(Math.random() * 2 ** 31);
const PATH = process.env.SPACECTL_PROPERTY_PATH;

const KEYS = ['ed25519', 'ecdsa256', 'rsa2048'].map((k) => path.join(ROOT, `test/fixtures/ssh/${k}.pub`));
const CODE_URIS = ['https://app.example.com/cb', 'https://app.example.com/cb2', 'http://localhost:8080/cb'];
const IMPLICIT_URIS = ['https://spa.example.com/cb', 'http://127.0.0.1:3000/cb'];
/** Global rights, and project rights that may also be held globally (= in every project). */
const GLOBAL_RIGHTS = ['Profile.View', 'Team.View', 'Project.View', 'Project.Issues.View'];
const PROJECT_RIGHTS = ['Project.View', 'Project.Issues.View', 'Project.Issues.Create'];

const config = fc.record({
  /** Who configures the app: the admin (rights granted at once) or a member (rights stay requested). */
  actor: fc.constantFrom('admin', 'member'),
  description: fc.option(fc.constantFrom('CI helper', 'Reads issues: nightly'), { nil: undefined }),
  /** A later `app update --description`. */
  newDescription: fc.option(fc.constantFrom('Updated', ''), { nil: undefined }),
  /** An administrator rejects the first global right afterwards (a rejected right is held nowhere). */
  rejectFirstGlobal: fc.boolean(),
  clientCredentials: fc.boolean(),
  code: fc.option(fc.record({ uris: fc.subarray(CODE_URIS, { minLength: 1 }), pkce: fc.boolean() }), { nil: undefined }),
  implicit: fc.option(fc.subarray(IMPLICIT_URIS, { minLength: 1 }), { nil: undefined }),
  global: fc.subarray(GLOBAL_RIGHTS),
  projects: fc.record({ BACKEND: fc.subarray(PROJECT_RIGHTS), WEB: fc.subarray(PROJECT_RIGHTS) }),
  endpoint: fc.option(fc.record({
    ssl: fc.boolean(),
    verification: fc.constantFrom('signing-key', 'public-key', 'verification-token', 'none'),
    auth: fc.constantFrom('none', 'bearer', 'basic'),
  }), { nil: undefined }),
  keys: fc.subarray(KEYS),
});
type Config = typeof config extends fc.Arbitrary<infer T> ? T : never;

type Env = Record<string, string | undefined>;
async function cli(env: Env, argv: string[], o: { stdin?: string; codes?: number[] } = {}) {
  const r = await runCli(argv, { env, ...(o.stdin !== undefined ? { stdin: o.stdin } : {}) });
  if (!(o.codes ?? [0]).includes(r.code)) throw new Error(`spacectl ${argv.join(' ')} → exit ${r.code}\n${r.stderr}`);
  return r;
}

/** Configures the app with the imperative commands only. */
async function build(env: Env, admin: Env, name: string, c: Config): Promise<void> {
  await cli(env, ['app', 'create', '--name', name, ...(c.description ? ['--description', c.description] : [])]);
  const app = ['--app', name];
  if (c.newDescription !== undefined) await cli(env, ['app', 'update', ...app, '--description', c.newDescription]);
  const pending = { codes: [0, 8] }; // a member's requests wait for an administrator (exit 8)
  if (!c.clientCredentials) await cli(env, ['flow', 'disable', 'client-credentials', '--yes', ...app]);
  if (c.code) await cli(env, ['flow', 'enable', 'code', ...app, ...c.code.uris.flatMap((u) => ['--redirect-uri', u]), ...(c.code.pkce ? ['--pkce'] : [])]);
  if (c.implicit) await cli(env, ['flow', 'enable', 'implicit', ...app, ...c.implicit.flatMap((u) => ['--redirect-uri', u])]);
  if (c.global.length) await cli(env, ['rights', 'request', ...app, ...c.global], pending);
  for (const [key, rights] of Object.entries(c.projects)) if (rights.length) await cli(env, ['project', 'add', ...app, key, ...rights.flatMap((r) => ['--right', r])], pending);
  if (c.rejectFirstGlobal && c.global.length) await cli(admin, ['rights', 'authorize', ...app, '--global', '--right', c.global[0]!, '--reject', '--yes']);
  if (c.endpoint) {
    const e = c.endpoint;
    await cli(env, ['endpoint', 'set', ...app, '--uri', `https://${name}.example.com/space`, '--verification', e.verification, ...(e.ssl ? [] : ['--no-ssl-verification'])]);
    if (e.auth === 'bearer') await cli(env, ['endpoint', 'set', ...app, '--bearer-token-stdin'], { stdin: `token-of-${name}\n` });
    if (e.auth === 'basic') await cli(env, ['endpoint', 'set', ...app, '--basic-auth-user', 'space', '--basic-auth-password-stdin'], { stdin: `pw-of-${name}\n` });
  }
  for (const k of c.keys) await cli(env, ['ssh-key', 'add', ...app, '--file', k]);
}

async function exported(env: Env, name: string): Promise<unknown> {
  return JSON.parse((await cli(env, ['app', 'export', '--app', name, '--json'])).stdout);
}

/** Rights requested or granted, per context (a rejected right is held nowhere). */
async function rightsByContext(env: Env, name: string): Promise<Record<string, string[]>> {
  const rows = JSON.parse((await cli(env, ['rights', 'list', '--app', name, '--all-contexts', '--json'])).stdout) as Array<{ context: string; code: string; status: string }>;
  const out: Record<string, string[]> = {};
  for (const r of rows) if (r.status !== 'rejected') (out[r.context] ??= []).push(r.code);
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** What the generated configuration asked for, per context: the most any context may hold. */
function intended(c: Config): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  // Only a pending request can be rejected: the admin's are granted at once, as are the member's for rights it holds.
  const rejected = c.actor === 'member' && c.rejectFirstGlobal && c.global[0] !== undefined && !MEMBER_GLOBAL_RIGHTS.includes(c.global[0]) ? c.global[0] : undefined;
  const global = c.global.filter((r) => r !== rejected);
  if (global.length) out.global = [...global].sort();
  for (const [key, rights] of Object.entries(c.projects)) if (rights.length) out[`project:key:${key}`] = [...rights].sort();
  return out;
}

/** Runs the property with the run count and seed; a failure says how to replay it. */
async function check<T>(property: fc.IAsyncProperty<T>): Promise<void> {
  try {
    await fc.assert(property, { numRuns: RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}) });
  } catch (e) {
    const p = /path: ?"?([0-9:]+)/.exec((e as Error).message)?.[1];
    const cause = (e as { cause?: unknown }).cause;
    throw new Error(`Replay with SPACECTL_PROPERTY_SEED=${SEED}${p ? ` SPACECTL_PROPERTY_PATH=${p}` : ''}\n${(e as Error).message}${cause instanceof Error ? `\nCaused by: ${cause.message}` : ''}`);
  }
}

let run = 0;
test(`app export → plan in sync → apply to an empty server → identical export, same rights per context (${RUNS} runs, seed ${SEED})`, async () => {
  const property = fc.asyncProperty(config, async (c) => {
    const name = `prop-${++run}`;
    const [a, b]: [Emulator, Emulator] = await Promise.all([startTestEmulator(), startTestEmulator()]);
    try {
      const envA = envFor(a, 'admin');
      await build(envFor(a, c.actor), envA, name, c);

      const file = path.join(tmpDir('spacectl-prop-'), 'app.yaml');
      const ex = await cli(envA, ['app', 'export', '--app', name, '-o', file]);
      expect(fs.readFileSync(file, 'utf8')).not.toMatch(/token-of-|pw-of-/); // secrets are never exported
      expect((await cli(envA, ['plan', '-f', file])).stdout).toContain('In sync');

      // The references the export named (and warned about) are what a re-apply needs.
      const vars = [...ex.stderr.matchAll(/\$([A-Z0-9_]+)/g)].map((m) => m[1]!);
      const secrets: Env = {};
      for (const v of vars) secrets[v] = v.endsWith('_BEARER_TOKEN') ? `token-of-${name}` : `pw-of-${name}`;
      const envB = envFor(b, 'admin', secrets);
      await cli(envB, ['apply', '-f', file, '--yes']);
      expect((await cli(envB, ['plan', '-f', file])).stdout).toContain('In sync');

      expect(await exported(envB, name)).toEqual(await exported(envA, name));
      const onA = await rightsByContext(envA, name);
      const onB = await rightsByContext(envB, name);
      expect(onB).toEqual(onA);
      expect(onB).toEqual(intended(c)); // no right in a wider (or any other) context than it was given
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
  await check(property);
}, 600_000);

// `endpoint show` reports what the server holds after any sequence of `endpoint set` calls: the last verification
// chosen (exactly one on), the last app-level auth given (kept when only the verification changes), the last
// SSL setting; and an export of it plans in sync.
const endpointCall = fc.oneof(
  fc.record({ verification: fc.constantFrom('signing-key', 'public-key', 'verification-token', 'none') }),
  fc.record({ auth: fc.constantFrom('bearer', 'basic') }),
  fc.record({ ssl: fc.boolean() }),
);

test(`endpoint show after any sequence of endpoint set calls (${RUNS} runs, seed ${SEED})`, async () => {
  const emu = await startTestEmulator();
  const env = envFor(emu, 'admin');
  try {
    const property = fc.asyncProperty(fc.array(endpointCall, { minLength: 1, maxLength: 5 }), async (calls) => {
      const name = `seq-${++run}`;
      await cli(env, ['app', 'create', '--name', name]);
      await cli(env, ['endpoint', 'set', '--app', name, '--uri', `https://${name}.example.com/space`]);
      const model = { verification: [] as string[], appLevelAuth: null as string | null, sslVerification: true };
      for (const c of calls) {
        const app = ['endpoint', 'set', '--app', name];
        if ('verification' in c) {
          await cli(env, [...app, '--verification', c.verification]);
          model.verification = c.verification === 'none' ? [] : [c.verification];
        } else if ('auth' in c) {
          if (c.auth === 'bearer') await cli(env, [...app, '--bearer-token-stdin'], { stdin: 'tok\n' });
          else await cli(env, [...app, '--basic-auth-user', 'space', '--basic-auth-password-stdin'], { stdin: 'pw\n' });
          model.appLevelAuth = c.auth === 'bearer' ? 'Bearer' : 'Basic';
        } else {
          await cli(env, [...app, c.ssl ? '--ssl-verification' : '--no-ssl-verification']);
          model.sslVerification = c.ssl;
        }
      }
      const shown = JSON.parse((await cli(env, ['endpoint', 'show', '--app', name, '--json'])).stdout).endpoint;
      expect({ verification: shown.verification, appLevelAuth: shown.appLevelAuth, sslVerification: shown.sslVerification }).toEqual(model);
      const file = path.join(tmpDir('spacectl-prop-'), 'ep.yaml');
      await cli(env, ['app', 'export', '--app', name, '-o', file]);
      expect((await cli(env, ['plan', '-f', file])).stdout).toContain('In sync');
    });
    await check(property);
  } finally {
    await emu.close();
  }
}, 600_000);
