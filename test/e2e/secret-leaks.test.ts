// Every secret kind through every error path of a server that echoes the request in its error body, in plain,
// --json and --verbose output: zero occurrences. Secrets are registered where they enter the process and the
// reporter and the debug log scrub with that one registry (src/api/redact.ts).
import type { Emulator } from '../../src/emulator/index.js';
import type { FaultSpec } from '../../src/emulator/types.js';
import { getAppSecret, listApps } from '../../src/api/apps.js';
import { tokenAuth } from '../../src/api/auth.js';
import { createAgent, SpaceClient } from '../../src/api/client.js';
import { appId } from '../../src/api/ids.js';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
let app: { id: string; clientId: string; clientSecret: string };
beforeAll(async () => {
  emu = await startTestEmulator();
  const r = await runCli(['app', 'create', '--name', 'leaky', '--reveal-secret', '--json'], { env: envFor(emu) });
  const created = JSON.parse(r.stdout);
  app = { ...created.app, clientSecret: created.clientSecret };
  expect(app.clientSecret).toBeTruthy();
  expect((await runCli(['flow', 'enable', '--app', 'leaky', 'client-credentials'], { env: envFor(emu) })).code).toBe(0);
});
afterEach(() => emu.clearFaults());
afterAll(async () => { await emu.close(); });

const MODES = [[], ['--json'], ['--verbose']];
const STATUSES = [400, 401, 403, 500];
/** A header value that is not the redaction marker: what a leaked Authorization looks like. */
const RAW_AUTH = /\b(Bearer|Basic) (?!\*\*\*)[A-Za-z0-9+/=._-]{6,}/;

interface Case {
  kind: string;
  secrets: () => string[];
  fault: Omit<FaultSpec, 'count' | 'status' | 'echo'>;
  argv: string[];
  env: () => Record<string, string | undefined>;
  stdin?: string;
}

const BEARER = 'endpoint-bearer-7c1f9a2e5d';
const BASIC_PASSWORD = 'basic-password-4b8d2f61';
const ccEnv = () => envFor(emu, 'admin', { SPACE_TOKEN: undefined, SPACE_CLIENT_ID: app.clientId, SPACE_CLIENT_SECRET: app.clientSecret });

const CASES: Case[] = [
  { kind: 'personal token', secrets: () => ['test-admin-token'], fault: { method: 'GET', pathPrefix: '/applications/paged' }, argv: ['app', 'list'], env: () => envFor(emu) },
  { kind: 'client secret and its Basic header', secrets: () => [app.clientSecret, Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')], fault: { pathPrefix: '/oauth/token' }, argv: ['auth', 'status'], env: ccEnv },
  { kind: 'access token obtained', secrets: () => [app.clientSecret], fault: { method: 'GET', pathPrefix: '/applications/me' }, argv: ['auth', 'status'], env: ccEnv },
  { kind: 'endpoint bearer token', secrets: () => [BEARER], fault: { method: 'PATCH', pathPrefix: '/applications/' }, argv: ['endpoint', 'set', '--app', 'leaky', '--uri', 'https://bot.example/hook', '--bearer-token-stdin'], env: () => envFor(emu), stdin: `${BEARER}\n` },
  { kind: 'basic password', secrets: () => [BASIC_PASSWORD], fault: { method: 'PATCH', pathPrefix: '/applications/' }, argv: ['endpoint', 'set', '--app', 'leaky', '--uri', 'https://bot.example/hook', '--basic-auth-user', 'bot', '--basic-auth-password-stdin'], env: () => envFor(emu), stdin: `${BASIC_PASSWORD}\n` },
];

test.each(CASES.map((c) => [c.kind, c] as const))('%s: never shown by an echoing server, in any output mode, error path or the journal', async (_, c) => {
  let runs = 0;
  const journal = path.join(tmpDir(), 'journal.jsonl');
  // The request echoed in the error's description, or in its `error` code (shown verbatim where codes go:
  // the --json error document, the journal).
  for (const echo of [true, 'code'] as const) {
    for (const mode of MODES) {
      for (const status of STATUSES) {
        emu.clearFaults();
        const fired = emu.faultStats().fired;
        emu.injectFault({ ...c.fault, status, echo, count: 5 });
        const r = await runCli([...mode, '--journal', journal, ...c.argv], { env: c.env(), stdin: c.stdin });
        runs++;
        const shown = r.stdout + r.stderr;
        expect(r.code).not.toBe(0);
        expect(emu.faultStats().fired).toBeGreaterThan(fired); // the echo really happened
        for (const s of c.secrets()) expect({ echo, mode, status, leaked: shown.includes(s) }).toEqual({ echo, mode, status, leaked: false });
        expect({ echo, mode, status, raw: RAW_AUTH.exec(shown)?.[0] }).toEqual({ echo, mode, status, raw: undefined });
        expect(shown).not.toMatch(/bug in spacectl/);
      }
    }
  }
  expect(runs).toBe(2 * MODES.length * STATUSES.length);
  const written = fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8') : '';
  if (c.fault.method === 'PATCH') expect(written).toMatch(/"operation":"PATCH [^\n]*"result":"error"/); // the failed writes were journaled
  for (const s of c.secrets()) expect(written.includes(s)).toBe(false);
  expect(RAW_AUTH.exec(written)?.[0]).toBeUndefined();
});

test.each([['signing-key'], ['verification-token']] as const)('a %s read from Space is masked in any later error that repeats it', async (kind) => {
  const verification = kind === 'signing-key' ? 'signing-key' : 'verification-token';
  expect((await runCli(['endpoint', 'set', '--app', 'leaky', '--uri', 'https://bot.example/hook', '--verification', verification], { env: envFor(emu) })).code).toBe(0);
  const agent = createAgent();
  try {
    const api = new SpaceClient({ serverUrl: emu.url, auth: tokenAuth(TOKENS.admin), dispatcher: agent });
    const value = (await getAppSecret(api, appId(app.id), kind))!;
    expect(value.length).toBeGreaterThan(8);
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', status: 400, error: 'validation-error', json: { error: 'validation-error', error_description: `state was ${value}` }, count: 1 });
    let message = '';
    try {
      for await (const a of listApps(api)) void a;
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/validation-error \(HTTP 400\): state was \*\*\*/);
    expect(message).not.toContain(value);
  } finally {
    await agent.close();
  }
});

describe('a secret typed in the wrong place is not printed back by a parse error', () => {
  const T = 'tok-5ecret-9f8e7d6c5b';
  const W = 'wordlikesecretvalue'; // letters only: looks like a command name, but it was given as --token
  test.each([
    [[T]], [[T, '--json']], [['--token', T, T]], [['--token=' + T, T, '--json']],
    [['app', 'list', '--tokn=' + T]], [['app', 'list', '--client-secret=' + T, '--json']], [['--token', W, W, '--json']],
  ])('%j', async (argv) => {
    const r = await runCli(argv, { env: envFor(emu, 'admin', { SPACE_TOKEN: undefined }) });
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/unknown (command|option)/);
    expect(r.stdout + r.stderr).not.toContain(T);
    expect(r.stdout + r.stderr).not.toContain(W);
  });

  test('what looks like a mistyped command or flag is still named, with a suggestion', async () => {
    const r = await runCli(['app', 'lst', '--json']);
    expect(JSON.parse(r.stdout).error).toMatchObject({ message: "unknown command 'lst'", hint: 'Did you mean list?' });
    const o = await runCli(['app', 'list', '--tokn=' + T]);
    expect(o.stderr).toMatch(/unknown option '--tokn'\n\(Did you mean --token\?\)/);
  });
});

test('a credential given to `spacectl api` as a header (-H) is masked like the token, also when a server echoes it', async () => {
  const custom = 'custom-header-secret-4f2a9c01';
  const apiKey = 'api-key-value-9b3e7d5a';
  for (const mode of MODES) {
    emu.clearFaults();
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', status: 400, echo: true, count: 1 });
    const r = await runCli([...mode, 'api', 'applications/paged', '-H', `Authorization: Bearer ${custom}`, '-H', `X-Api-Key: ${apiKey}`], { env: envFor(emu) });
    expect(r.code).not.toBe(0);
    expect(emu.faultStats().pending).toBe(0); // the echo really happened
    expect({ mode, leaked: [custom, apiKey].filter((x) => (r.stdout + r.stderr).includes(x)) }).toEqual({ mode, leaked: [] });
  }
});
