// Every example in every help text, run as a user would copy it, against the emulator. A failing example
// fails the suite. Fixtures stand in for the user's files: ~/.ssh/deploy_bot.pub, a manifest, a token file;
// https://acme.jetbrains.space (the docs' example server) is the emulator; $TOKEN, $SECRET and $CLIENT_ID are
// set. Two examples need a person (a browser login, the interactive review): they run until they wait for
// that person (or refuse without a terminal), which proves they parse and validate.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Command } from 'commander';
import type { Emulator } from '../../src/emulator/index.js';
import { createProgram } from '../../src/program.js';
import { BIN, ROOT, runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS } from '../helpers/emulator.js';
import { secretServiceUnavailable, startSecretService, type SecretService } from '../helpers/secret-service.js';

function commandPaths(): string[][] {
  const noop = () => undefined;
  const program = createProgram({ exitCode: 0, factory: () => { throw new Error('not run'); } }, '0.0.0', {
    writeOut: noop, writeErr: noop, getOutHelpWidth: () => 80, getErrHelpWidth: () => 80, getOutHasColors: () => false, getErrHasColors: () => false,
  });
  const paths: string[][] = [];
  const walk = (c: Command, p: string[]) => {
    paths.push(p);
    for (const s of c.commands) if (s.name() !== 'help' && !(s as unknown as { _hidden?: boolean })._hidden) walk(s, [...p, s.name()]);
  };
  walk(program, []);
  return paths;
}

/** The `$ …` lines of the EXAMPLES block of a help text. */
export function examplesOf(help: string): string[] {
  const block = /\nEXAMPLES\n((?: {2}.*\n)+)/.exec(help)?.[1] ?? '';
  return block.split('\n').filter((l) => l.startsWith('  $ ')).map((l) => l.slice(4));
}

const EXAMPLE_SERVER = 'https://acme.jetbrains.space';
/** Examples that wait for a person: they must get as far as waiting (or refusing without a terminal). */
const NEEDS_A_PERSON: Array<[RegExp, RegExp]> = [
  [/^spacectl auth login\b/, /Waiting for the browser/],
  [/^spacectl rights review\b/, /is interactive and needs a terminal/],
  // Shown for a person to confirm at a terminal (the --yes forms run in full).
  [/^spacectl (rights authorize --app deploy-bot|apply -f spacectl\.yaml)$/, /without --yes when not running interactively/],
  // Logging out needs a browser login first, which needs a person.
  [/^spacectl (--profile acme )?auth logout$/, /is not a browser login/],
];
const keyringMissing = secretServiceUnavailable();
/** Examples that need the OS keyring (a Secret Service); run with a private one when it can be started. */
const NEEDS_KEYRING = /^spacectl profile migrate\b/;
if (keyringMissing) console.warn(`SKIPPED help examples that need the OS keyring (spacectl profile migrate): ${keyringMissing}`);
const LONG_RUNNING: Array<[RegExp, RegExp]> = [[/^spacectl emulator\b/, /url: +http:\/\/127\.0\.0\.1:\d+/]];

let renamed = 0;
let emu: Emulator;
let ss: SecretService | undefined;
let endpoint: http.Server;
let endpointUrl: string;
let dir: string;
let env: Record<string, string | undefined>;
const examples: Array<{ command: string; line: string }> = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  endpoint = http.createServer((_q, s) => s.end('{}')).listen(0, '127.0.0.1');
  await new Promise((r) => endpoint.once('listening', r));
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/space`;

  dir = tmpDir('spacectl-examples-');
  const home = path.join(dir, 'home');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
  fs.mkdirSync(bin);
  fs.mkdirSync(path.join(dir, 'work', 'examples'), { recursive: true });
  fs.writeFileSync(path.join(bin, 'spacectl'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`, { mode: 0o755 });
  const work = path.join(dir, 'work');
  fs.copyFileSync(path.join(ROOT, 'test/fixtures/ssh/ed25519.pub'), path.join(home, '.ssh/deploy_bot.pub'));
  fs.copyFileSync(path.join(ROOT, 'test/fixtures/ssh/ecdsa256.pub'), path.join(work, 'deploy_bot.pub'));
  fs.copyFileSync(path.join(ROOT, 'examples/policy.yaml'), path.join(work, 'examples/policy.yaml'));
  fs.writeFileSync(path.join(work, 'space-token'), `${TOKENS.admin}\n`, { mode: 0o600 });

  const base = envFor(emu);
  const created = await runCli(['app', 'create', '--name', 'deploy-bot', '--reveal-secret', '--json'], { env: base });
  const doc = JSON.parse(created.stdout) as { app: { clientId: string }; clientSecret: string };
  const app = { clientId: doc.app.clientId, clientSecret: doc.clientSecret };
  env = {
    ...base,
    HOME: home,
    PATH: `${bin}:${process.env.PATH}`,
    TOKEN: TOKENS.admin,
    SECRET: app.clientSecret,
    CLIENT_ID: app.clientId,
    SPACECTL_LOGIN_CLIENT_ID: app.clientId,
    SPACECTL_KEYRING: '0',
  };
  if (!keyringMissing) {
    ss = await startSecretService();
    env = { ...env, ...ss.env, HOME: home, SPACECTL_KEYRING: '1' };
  }
  expect((await runCli(['app', 'export', '--app', 'deploy-bot', '--output', path.join(work, 'spacectl.yaml')], { env })).code).toBe(0);

  for (const p of commandPaths()) {
    const r = await runCli([...p, '--help']);
    for (const line of examplesOf(r.stdout)) examples.push({ command: p.join(' ') || '(root)', line });
  }
});

afterAll(async () => {
  await emu.close();
  await ss?.stop();
  endpoint.close();
});

/** What an example needs to find: the app, its endpoint pointing somewhere that answers, the profile it names. */
async function prepare(line: string): Promise<void> {
  // `app create --name X` creates X: as in an organization that does not have it yet.
  const creates = /^spacectl app create --name (\S+)/.exec(line);
  // (A deleted app keeps its name while archived, so the old one is renamed out of the way.)
  if (creates) fs.rmSync(path.join(dir, 'work', `${creates[1]!}.secret`), { force: true }); // nor its secret file
  if (creates && !line.includes('--if-not-exists')) await runCli(['app', 'update', '--app', creates[1]!, '--name', `${creates[1]!}-${++renamed}`], { env });
  else await runCli(['app', 'create', '--name', 'deploy-bot', '--if-not-exists'], { env });
  if (/endpoint verification-token/.test(line)) await runCli(['endpoint', 'set', '--app', 'deploy-bot', '--verification', 'verification-token'], { env });
  if (/--client-secret-stdin/.test(line)) {
    // A client-credentials profile: the app's flow on, its client ID and current secret (other examples delete
    // and re-create the app, and rotate the secret).
    await runCli(['flow', 'enable', '--app', 'deploy-bot', 'client-credentials'], { env });
    env.CLIENT_ID = (JSON.parse((await runCli(['app', 'show', '--app', 'deploy-bot', '--json'], { env })).stdout) as { clientId: string }).clientId;
    env.SECRET = (JSON.parse((await runCli(['app', 'secret', '--app', 'deploy-bot', '--reveal', '--json'], { env })).stdout) as { secret?: string; clientSecret?: string }).clientSecret;
  }
  if (/endpoint test/.test(line)) await runCli(['endpoint', 'set', '--app', 'deploy-bot', '--uri', endpointUrl, '--allow-http'], { env });
  if (/\bacme\b/.test(line) && !/profile add acme/.test(line)) {
    await runCli(['profile', 'add', 'acme', '--url', emu.url, '--token', TOKENS.admin, '--no-verify'], { env });
  }
}

function run(line: string, o: { waitFor?: RegExp; timeoutMs?: number } = {}): Promise<{ code: number | null; out: string; err: string; waited: boolean }> {
  const shell = line.split(EXAMPLE_SERVER).join(emu.url).replace(/^(spacectl emulator .*)--port \d+/, '$1--port 0');
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', shell], { cwd: path.join(dir, 'work'), env: env as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let waited = false;
    const check = () => {
      if (o.waitFor && !waited && o.waitFor.test(out + err)) {
        waited = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    };
    child.stdout.on('data', (d) => { out += d; check(); });
    child.stderr.on('data', (d) => { err += d; check(); });
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), o.timeoutMs ?? 30_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out, err, waited }); });
  });
}

test('examples are found in the help texts (at least two per command that has any)', () => {
  expect(examples.length).toBeGreaterThan(80);
  expect(examples.map((e) => e.line)).toContain('spacectl rights request --app deploy-bot Profile.View "View teams"');
});

test('every example runs against the emulator', async () => {
  const failures: string[] = [];
  for (const { command, line } of examples) {
    if (keyringMissing && NEEDS_KEYRING.test(line)) continue; // announced above, counted in the warning
    await prepare(line);
    const person = NEEDS_A_PERSON.find(([re]) => re.test(line));
    const long = LONG_RUNNING.find(([re]) => re.test(line));
    const r = await run(line, { waitFor: (person ?? long)?.[1] });
    const report = `${command}: $ ${line}\n  exit ${r.code}\n  ${(r.err || r.out).trim().split('\n').slice(-3).join('\n  ')}`;
    if (person) {
      if (!person[1].test(r.out + r.err)) failures.push(report);
    } else if (long) {
      if (!r.waited || r.code !== 0) failures.push(report);
    } else if (![0, 3, 8].includes(r.code ?? -1) || /^error:/m.test(r.err)) {
      failures.push(report); // 3: a plan or dry run with changes; 8: rights pending approval
    }
  }
  expect(failures).toEqual([]);
}, 600_000);
