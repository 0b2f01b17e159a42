// Ctrl+C and kill -9 at the worst moment of a secret's life, from outside (a real process, real signals): the
// server holds the request that creates or hands out a new secret, the signal lands, and afterwards the secret
// on the server and the one in the file must agree — at once after Ctrl+C, after a plain re-run after kill -9.
// A destination where no file can be created is refused before anything is created or rotated.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Emulator } from '../../src/emulator/index.js';
import type { FaultSpec } from '../../src/emulator/types.js';
import { BIN, runCli, tmpDir } from '../helpers/cli.js';
import { envFor, newApp, startTestEmulator, writesSince } from '../helpers/emulator.js';

let emu: Emulator;
let env: Record<string, string | undefined>;
beforeAll(async () => {
  emu = await startTestEmulator();
  env = envFor(emu, 'admin');
});
afterAll(async () => { await emu.close(); });

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs the CLI; once the server has taken `fault` (it holds that request for a while), sends `sig`. */
function signalWhenHeld(args: string[], fault: Omit<FaultSpec, 'count' | 'delayMs'>, sig: NodeJS.Signals): Promise<Run> {
  const fired = emu.faultStats().fired;
  emu.injectFault({ ...fault, delayMs: 2500, count: 1 });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      if (emu.faultStats().fired === fired) return;
      clearInterval(poll);
      child.kill(sig);
    }, 20);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      if (emu.faultStats().fired === fired) reject(new Error(`the held request never came:\n${stderr}`));
      else resolve({ code, signal, stdout, stderr });
    });
  });
}

async function serverSecret(app: string): Promise<string> {
  const r = await runCli(['app', 'secret', '--app', app, '--reveal'], { env });
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

const fileSecret = (file: string) => fs.readFileSync(file, 'utf8').replace(/\n$/, '');
const mode = (file: string) => fs.statSync(file).mode & 0o777;

test('app create --secret-file: Ctrl+C while the create is in flight still delivers the app and its secret', async () => {
  const file = path.join(tmpDir(), 'new.secret');
  const r = await signalWhenHeld(['app', 'create', '--name', 'intr-create', '--secret-file', file], { method: 'POST', pathPrefix: '/applications' }, 'SIGINT');
  expect(r.stderr).toMatch(/Finishing the change in progress/);
  expect(r.stderr).toMatch(/Created application intr-create/);
  expect(r.code).toBe(0);
  expect(fileSecret(file)).toBe(await serverSecret('intr-create'));
  expect(mode(file)).toBe(0o600);
  expect(r.stdout + r.stderr).not.toContain(fileSecret(file));
}, 60_000);

test('app create --secret-file: kill -9 after the create, before the file; the re-run with --if-not-exists converges', async () => {
  const file = path.join(tmpDir(), 'killed.secret');
  const r = await signalWhenHeld(['app', 'create', '--name', 'intr-create-kill', '--secret-file', file], { method: 'GET', pathPrefix: '/applications/id:' }, 'SIGKILL');
  expect(r.signal).toBe('SIGKILL');
  expect(fs.existsSync(file)).toBe(false);
  const n = emu.requests().length;
  const again = await runCli(['app', 'create', '--name', 'intr-create-kill', '--secret-file', file, '--if-not-exists', '--json'], { env });
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ created: false });
  expect(writesSince(emu, n)).toEqual([]); // nothing created twice
  expect(fileSecret(file)).toBe(await serverSecret('intr-create-kill'));
}, 60_000);

/** The read of the new secret: the first GET of the secret is the read before the rotation (services/secrets/rotate). */
const AFTER_ROTATION = { method: 'GET', pathPrefix: '/applications/id:', skip: 1 } as const;

test('app secret --regenerate --secret-file: Ctrl+C between the rotation and the file still writes the new secret', async () => {
  const app = await newApp(env, 'intr-rot');
  const file = path.join(tmpDir(), 'rot.secret');
  expect((await runCli(['app', 'secret', '--app', app, '--secret-file', file], { env })).code).toBe(0);
  const old = fileSecret(file);
  const r = await signalWhenHeld(['app', 'secret', '--app', app, '--regenerate', '--yes', '--secret-file', file, '--force'], AFTER_ROTATION, 'SIGINT');
  expect(r.stderr).toMatch(/Finishing the change in progress/);
  expect(r.stderr).toMatch(new RegExp(`Rotated the client secret of ${app}`));
  expect(r.code).toBe(0);
  const now = await serverSecret(app);
  expect(now).not.toBe(old);
  expect(fileSecret(file)).toBe(now);
  expect(mode(file)).toBe(0o600);
}, 60_000);

test('app secret --regenerate: kill -9 before the file is written loses nothing; a re-run without --regenerate converges', async () => {
  const app = await newApp(env, 'intr-kill');
  const file = path.join(tmpDir(), 'kill.secret');
  expect((await runCli(['app', 'secret', '--app', app, '--secret-file', file], { env })).code).toBe(0);
  const old = fileSecret(file);
  const r = await signalWhenHeld(['app', 'secret', '--app', app, '--regenerate', '--yes', '--secret-file', file, '--force'], AFTER_ROTATION, 'SIGKILL');
  expect(r.signal).toBe('SIGKILL');
  // Rotated on the server, the file untouched (never half-written, no scratch file left behind)…
  expect(await serverSecret(app)).not.toBe(old);
  expect(fileSecret(file)).toBe(old);
  // …and the new secret is recoverable: Space hands it out again.
  const again = await runCli(['app', 'secret', '--app', app, '--secret-file', file, '--force'], { env });
  expect(again.code).toBe(0);
  expect(fileSecret(file)).toBe(await serverSecret(app));
  expect(fs.readdirSync(path.dirname(file)).filter((x) => x.endsWith('.tmp'))).toEqual([]);
}, 60_000);

const noCreate = fs.existsSync('/proc/self') ? test : test.skip;
if (!fs.existsSync('/proc/self')) console.warn('interrupt-secrets: no /proc here, the "cannot create files" test is SKIPPED');

noCreate('a secret destination where no file can be created is refused before anything is created or rotated (app secret, app create, apply)', async () => {
  // /proc exists but takes no new files, even for root (mode bits would not tell root that).
  const app = await newApp(env, 'nowrite');
  const before = await serverSecret(app);
  const n = emu.requests().length;
  const rot = await runCli(['app', 'secret', '--app', app, '--regenerate', '--yes', '--secret-file', '/proc/spacectl-test.secret'], { env });
  expect(rot.code).toBe(2);
  expect(rot.stderr).toMatch(/--secret-file \/proc\/spacectl-test\.secret: cannot create files in \/proc/);
  const create = await runCli(['app', 'create', '--name', 'nowrite-new', '--secret-file', '/proc/spacectl-test.secret'], { env });
  expect(create.code).toBe(2);
  const manifest = path.join(tmpDir(), 'spacectl.yaml');
  fs.writeFileSync(manifest, 'apps:\n  - name: nowrite-apply\n    secrets:\n      clientSecret: { file: /proc/spacectl-test.secret }\n');
  const apply = await runCli(['apply', '-f', manifest, '--yes'], { env });
  expect(apply.stderr).toMatch(/apps\[0\]\.secrets\.clientSecret: cannot create files in \/proc/);
  expect(apply.code).toBe(2);
  expect(writesSince(emu, n)).toEqual([]);
  expect(await serverSecret(app)).toBe(before);
});

test('apply: Ctrl+C while an app is being created finishes that app (secret written), stops before the next, and says what was done', async () => {
  const dir = tmpDir();
  const manifest = path.join(dir, 'spacectl.yaml');
  fs.writeFileSync(manifest, [
    'version: 2', 'apps:',
    '  - name: intr-apply-a', '    secrets:', '      clientSecret: { file: ./a.secret }',
    '  - name: intr-apply-b', '    secrets:', '      clientSecret: { file: ./b.secret }', '',
  ].join('\n'));
  const r = await signalWhenHeld(['apply', '-f', manifest, '--yes'], { method: 'POST', pathPrefix: '/applications' }, 'SIGINT');
  expect(r.stderr).toMatch(/Finishing the change in progress/);
  expect(r.stderr).toMatch(/Interrupted \(Ctrl\+C\) before intr-apply-b\.\nAlready done:\n {2}- created app intr-apply-a \(id:\w+\)\n {2}- wrote the client secret of intr-apply-a to \.\/a\.secret \(mode 0600\)\nRun `spacectl apply` again/);
  expect(r.code).toBe(130);
  expect(fileSecret(path.join(dir, 'a.secret'))).toBe(await serverSecret('intr-apply-a'));
  expect(fs.existsSync(path.join(dir, 'b.secret'))).toBe(false);
  expect((await runCli(['app', 'show', '--app', 'intr-apply-b'], { env })).code).not.toBe(0);
  // The re-run does the rest and nothing twice.
  const again = await runCli(['apply', '-f', manifest, '--yes', '--json'], { env });
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout).done).toEqual([expect.stringMatching(/^created app intr-apply-b /), 'wrote the client secret of intr-apply-b to ./b.secret (mode 0600)']);
  expect(fileSecret(path.join(dir, 'b.secret'))).toBe(await serverSecret('intr-apply-b'));
}, 60_000);

test('a single write in flight (endpoint set) is not cut off by Ctrl+C: it finishes and is reported as done', async () => {
  const app = await newApp(env, 'intr-endpoint');
  const r = await signalWhenHeld(['endpoint', 'set', '--app', app, '--uri', 'https://bot.example/intr', '--verification', 'signing-key'], { method: 'PATCH', pathPrefix: '/applications/' }, 'SIGINT');
  expect(r.stderr).toMatch(/Updated the endpoint of intr-endpoint-\d+/);
  expect(r.stderr).not.toMatch(/Cancelled|aborted/);
  expect(r.code).toBe(0);
  const show = await runCli(['endpoint', 'show', '--app', app, '--json'], { env });
  expect(JSON.parse(show.stdout)).toMatchObject({ endpoint: { uri: 'https://bot.example/intr' } });
}, 60_000);
