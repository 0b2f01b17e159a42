// Secret sinks are state: plan shows a missing, stale, linked or too-open sink as a change, apply delivers the
// app's current secret (0600, atomic, links replaced and never followed), a sink holding something else is
// refused before the first write unless --force, and a re-run after an interrupted apply delivers what is missing.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, writesSince } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterEach(() => emu.clearFaults());
afterAll(async () => { await emu.close(); });

const env = () => envFor(emu);

function manifest(name: string, sink = '{ file: ./bot.secret }'): { dir: string; file: string; secretPath: string } {
  const dir = tmpDir('spacectl-sinks-');
  const file = path.join(dir, 'spacectl.yaml');
  fs.writeFileSync(file, `apps:\n  - name: ${name}\n    secrets:\n      clientSecret: ${sink}\n`);
  return { dir, file, secretPath: path.join(dir, 'bot.secret') };
}

async function currentSecret(name: string): Promise<string> {
  const r = await runCli(['app', 'secret', '--app', name, '--reveal'], { env: env() });
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

const plan = (file: string) => runCli(['plan', '-f', file], { env: env() });
const apply = (file: string, ...more: string[]) => runCli(['apply', '-f', file, '--yes', ...more], { env: env() });
const mode = (p: string) => fs.lstatSync(p).mode & 0o777;

test('an app whose sink was never written (an interrupted apply): plan shows it, apply writes the current secret, then in sync', async () => {
  expect((await runCli(['app', 'create', '--name', 'sink-later'], { env: env() })).code).toBe(0);
  const m = manifest('sink-later');
  const p = await plan(m.file);
  expect(p.code).toBe(3);
  expect(p.stdout).toMatch(/~ secrets\.clientSecret: missing → \.\/bot\.secret \(missing: the current secret will be written\)/);
  const a = await apply(m.file);
  expect(a.code).toBe(0);
  expect(fs.readFileSync(m.secretPath, 'utf8')).toBe(`${await currentSecret('sink-later')}\n`);
  expect(mode(m.secretPath)).toBe(0o600);
  expect(a.stdout + a.stderr).not.toContain(await currentSecret('sink-later'));
  expect((await plan(m.file)).code).toBe(0);
  // Deleted later: a change again, and delivered again.
  fs.rmSync(m.secretPath);
  expect((await plan(m.file)).code).toBe(3);
  expect((await apply(m.file)).code).toBe(0);
  expect(fs.readFileSync(m.secretPath, 'utf8')).toBe(`${await currentSecret('sink-later')}\n`);
});

test('an apply stopped by a failed secret read says to run it again, and the re-run delivers the secret', async () => {
  const created = JSON.parse((await runCli(['app', 'create', '--name', 'sink-flaky', '--json'], { env: env() })).stdout).app as { id: string };
  const m = manifest('sink-flaky');
  emu.injectFault({ method: 'GET', pathPrefix: `/applications/id:${created.id}/client-secret`, skip: 1, status: 500, count: 1 });
  const failed = await apply(m.file);
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(/apply failed while saving the client secret of sink-flaky/);
  expect(failed.stderr).toMatch(/run `spacectl apply` again: it reads the live state and continues/);
  expect(fs.existsSync(m.secretPath)).toBe(false);
  expect((await plan(m.file)).code).toBe(3); // the truth: the sink is still missing
  expect((await apply(m.file)).code).toBe(0);
  expect(fs.readFileSync(m.secretPath, 'utf8')).toBe(`${await currentSecret('sink-flaky')}\n`);
});

test('a file holding something else is refused before the first write, unless --force; a stale secret too', async () => {
  const m = manifest('sink-taken');
  fs.writeFileSync(m.secretPath, 'another-apps-secret\n', { mode: 0o600 });
  const n = emu.requests().length;
  const refused = await apply(m.file);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/apps\[0\]\.secrets\.clientSecret: \.\/bot\.secret already holds something that is not the new app's client secret; pass --force/);
  expect(writesSince(emu, n)).toEqual([]);
  expect(fs.readFileSync(m.secretPath, 'utf8')).toBe('another-apps-secret\n');
  expect((await apply(m.file, '--force')).code).toBe(0);
  expect(fs.readFileSync(m.secretPath, 'utf8')).toBe(`${await currentSecret('sink-taken')}\n`);

  // Rotated elsewhere: the file is stale; plan says so, apply needs --force to replace it.
  expect((await runCli(['app', 'secret', '--app', 'sink-taken', '--regenerate', '--yes'], { env: env() })).code).toBe(0);
  const p = await plan(m.file);
  expect(p.code).toBe(3);
  expect(p.stdout).toMatch(/secrets\.clientSecret: other → \.\/bot\.secret \(holds another value/);
  expect((await apply(m.file)).code).toBe(2);
  expect((await apply(m.file, '--force')).code).toBe(0);
  expect(fs.readFileSync(m.secretPath, 'utf8')).toBe(`${await currentSecret('sink-taken')}\n`);
});

test('links are replaced, never followed: a dangling link, and a link to a readable file whose mode is left alone', async () => {
  const m = manifest('sink-linked');
  const target = path.join(m.dir, 'elsewhere', 'target.secret');
  fs.symlinkSync(target, m.secretPath); // dangling: its directory does not even exist
  expect((await apply(m.file)).code).toBe(0);
  expect(fs.lstatSync(m.secretPath).isSymbolicLink()).toBe(false);
  expect(mode(m.secretPath)).toBe(0o600);
  expect(fs.existsSync(target)).toBe(false);
  const secret = await currentSecret('sink-linked');

  const shared = path.join(m.dir, 'shared.secret');
  fs.writeFileSync(shared, `${secret}\n`, { mode: 0o644 });
  fs.chmodSync(shared, 0o644);
  fs.rmSync(m.secretPath);
  fs.symlinkSync(shared, m.secretPath);
  const p = await plan(m.file);
  expect(p.code).toBe(3);
  expect(p.stdout).toMatch(/a symbolic link: replaced by a 0600 file/);
  expect((await apply(m.file)).code).toBe(0);
  expect(fs.lstatSync(m.secretPath).isSymbolicLink()).toBe(false);
  expect(mode(shared)).toBe(0o644); // never chmod-ed through the link
  expect(fs.readFileSync(m.secretPath, 'utf8')).toBe(`${secret}\n`);
});

test('the right secret readable by others: plan shows it, apply makes it 0600', async () => {
  const m = manifest('sink-open');
  expect((await apply(m.file)).code).toBe(0);
  fs.chmodSync(m.secretPath, 0o644);
  const p = await plan(m.file);
  expect(p.code).toBe(3);
  expect(p.stdout).toMatch(/readable by others: rewritten with mode 0600/);
  expect((await apply(m.file)).code).toBe(0);
  expect(mode(m.secretPath)).toBe(0o600);
  expect((await plan(m.file)).code).toBe(0);
});

test('env-file sink: a missing variable is added, the other lines kept, and then it is in sync', async () => {
  const m = manifest('sink-env', '{ envFile: .env, variable: BOT_SECRET }');
  const envPath = path.join(m.dir, '.env');
  expect((await runCli(['app', 'create', '--name', 'sink-env'], { env: env() })).code).toBe(0);
  fs.writeFileSync(envPath, 'OTHER=1\n');
  expect((await plan(m.file)).code).toBe(3);
  expect((await apply(m.file)).code).toBe(0);
  expect(fs.readFileSync(envPath, 'utf8')).toBe(`OTHER=1\nBOT_SECRET=${await currentSecret('sink-env')}\n`);
  expect((await plan(m.file)).code).toBe(0);
});

test('app create --secret-file on a dangling link: refused before anything is created; with --force the link is replaced', async () => {
  const dir = tmpDir('spacectl-sinks-');
  const file = path.join(dir, 'secret');
  const target = path.join(dir, 'target');
  fs.symlinkSync(target, file);
  const n = emu.requests().length;
  const refused = await runCli(['app', 'create', '--name', 'dangling-create', '--secret-file', file], { env: env() });
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/already exists \(a symbolic link\); pass --force/);
  expect(writesSince(emu, n)).toEqual([]);
  const ok = await runCli(['app', 'create', '--name', 'dangling-create', '--secret-file', file, '--force'], { env: env() });
  expect(ok.code).toBe(0);
  expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
  expect(fs.existsSync(target)).toBe(false);
  expect(fs.readFileSync(file, 'utf8')).toBe(`${await currentSecret('dangling-create')}\n`);
});
