// A write whose answer is lost after Space made the change (a 500, a reset, a body cut short) is read back, not
// guessed: the command reports it done (exit 0) instead of "failed" or "cannot reach the server", nothing is
// sent twice, and a re-run finds nothing left to do.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, ROOT, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, writesSince, runOk } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterEach(() => emu.clearFaults());
afterAll(async () => { await emu.close(); });

const KEYS = path.join(ROOT, 'test/fixtures/ssh');
const ok = (argv: string[]) => runOk(emu, argv);
const idOf = async (name: string) => JSON.parse((await ok(['app', 'show', '--app', name, '--json'])).stdout).id as string;
const keysOf = async (name: string) => (JSON.parse((await ok(['ssh-key', 'list', '--app', name, '--json'])).stdout).keys as Array<{ sha256: string }>).map((k) => k.sha256).sort();

test.each([
  ['a 500 after Space added it', { status: 500 }],
  ['a reset after Space added it', { reset: true }],
  ['a body cut short', { truncate: true, status: 200 }],
])('ssh-key add whose answer is lost (%s): read back, "Added", one key; the re-run sends nothing', async (label, fault) => {
  const name = `lost-key-${label.replace(/\W+/g, '-')}`;
  await ok(['app', 'create', '--name', name]);
  emu.injectFault({ method: 'POST', pathPrefix: `/applications/id:${await idOf(name)}/ssh-keys`, after: true, count: 1, ...fault });
  const r = await runCli(['ssh-key', 'add', '--app', name, '--file', path.join(KEYS, 'ed25519.pub')], { env: envFor(emu) });
  expect(emu.faultStats().pending).toBe(0);
  expect(r.stderr).not.toMatch(/error|cannot reach/);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/Added the ssh-ed25519 key/);
  expect(await keysOf(name)).toHaveLength(1);
  const since = emu.requests().length;
  const again = await runCli(['ssh-key', 'add', '--app', name, '--file', path.join(KEYS, 'ed25519.pub')], { env: envFor(emu) });
  expect(again.code).toBe(0);
  expect(again.stderr).toMatch(/already on/);
  expect(writesSince(emu, since)).toEqual([]);
});

test('apply --prune whose every write loses its answer after Space made it: each is read back, exit 0, the re-run is in sync', async () => {
  const name = 'lost-apply';
  await ok(['app', 'create', '--name', name]);
  await ok(['rights', 'request', '--app', name, 'Profile.View', 'Team.View']);
  await ok(['project', 'add', '--app', name, 'MOBILE', '--right', 'Project.Issues.View']);
  await ok(['ssh-key', 'add', '--app', name, '--file', path.join(KEYS, 'ed25519.pub')]);
  const dir = tmpDir('spacectl-lost-');
  const file = path.join(dir, 'spacectl.yaml');
  fs.writeFileSync(file, `version: 2\napps:\n  - name: ${name}\n    rights:\n      required: [Profile.View, Project.View]\n      global: [Profile.View, Project.View]\n      projects: {}\n    sshKeys:\n      - file: ${path.join(KEYS, 'rsa2048.pub')}\n`);
  const authz = `/applications/id:${await idOf(name)}/authorizations/`;
  // One lost answer per kind of write; 500 is never retried, so each must be read back.
  for (const [method, prefix] of [
    ['PATCH', `${authz}required-rights`],
    ['PATCH', `${authz}authorized-rights/request-rights`],
    ['PATCH', `${authz}authorized-rights`], // the withdrawal of Team.View
    ['DELETE', `${authz}authorized-rights`], // the authorization in MOBILE
    ['POST', `/applications/id:${await idOf(name)}/ssh-keys`],
    ['DELETE', `/applications/id:${await idOf(name)}/ssh-keys`],
  ] as const) emu.injectFault({ method, pathPrefix: prefix, after: true, status: 500, count: 1 });
  const r = await runCli(['apply', '-f', file, '--prune', '--yes'], { env: envFor(emu) });
  expect(emu.faultStats()).toEqual({ fired: expect.any(Number), pending: 0 });
  expect(r.stderr).not.toMatch(/error|apply failed/);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/removed the authorization of lost-apply in project MOBILE/);
  const since = emu.requests().length;
  const plan = await runCli(['plan', '-f', file, '--prune'], { env: envFor(emu) });
  expect(plan.stdout).toMatch(/in sync/);
  expect(plan.code).toBe(0);
  expect(writesSince(emu, since)).toEqual([]);
});

test('a write that did not happen is still an error: read back, not found done, the original failure is reported', async () => {
  const name = 'lost-not-done';
  await ok(['app', 'create', '--name', name]);
  emu.injectFault({ method: 'POST', pathPrefix: `/applications/id:${await idOf(name)}/ssh-keys`, status: 500, count: 1 }); // before processing
  const r = await runCli(['ssh-key', 'add', '--app', name, '--file', path.join(KEYS, 'ed25519.pub')], { env: envFor(emu) });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/internal-server-error \(HTTP 500\)/);
  expect(await keysOf(name)).toEqual([]);
});

test('an apply that fails midway says what was done, also as data under --json (failedAt, done)', async () => {
  const name = 'midway-json';
  await ok(['app', 'create', '--name', name]);
  const file = path.join(tmpDir('spacectl-lost-'), 'midway.yaml');
  fs.writeFileSync(file, `version: 2\napps:\n  - name: ${name}\n    description: midway\n    rights:\n      required: [Profile.View]\n    sshKeys:\n      - file: ${path.join(KEYS, 'ed25519.pub')}\n`);
  emu.injectFault({ method: 'POST', pathPrefix: `/applications/id:${await idOf(name)}/ssh-keys`, status: 403, count: 1 });
  const r = await runCli(['apply', '-f', file, '--yes', '--json'], { env: envFor(emu) });
  expect(r.code).toBe(4);
  const { error } = JSON.parse(r.stdout);
  expect(error.failedAt).toMatch(/^adding SSH key SHA256:\S+ to midway-json$/);
  expect(error.done).toEqual([`updated ${name}: description`, `required rights of ${name}: +Profile.View`]);
  const again = await runCli(['apply', '-f', file, '--yes', '--json'], { env: envFor(emu) });
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout).done).toEqual([expect.stringMatching(/^added SSH key SHA256:\S+ to midway-json$/)]);
});

test('an app PATCH whose answer is lost (a 500, never retried) is read back field by field: done when Space shows it, an error when not', async () => {
  const name = 'lost-patch';
  await ok(['app', 'create', '--name', name]);
  const prefix = `/applications/id:${await idOf(name)}`;
  emu.injectFault({ method: 'PATCH', pathPrefix: prefix, after: true, status: 500, count: 1 });
  const flow = await runCli(['flow', 'enable', '--app', name, 'code', '--redirect-uri', 'https://lost.example.com/cb', '--pkce'], { env: envFor(emu) });
  expect(emu.faultStats().pending).toBe(0);
  expect(flow.stderr).not.toMatch(/error/);
  expect(flow.code).toBe(0);
  emu.injectFault({ method: 'PATCH', pathPrefix: prefix, after: true, status: 500, count: 1 });
  const file = path.join(tmpDir('spacectl-lost-'), 'patch.yaml');
  fs.writeFileSync(file, `version: 2\napps:\n  - name: ${name}\n    description: after a lost answer\n    flows:\n      clientCredentials: false\n`);
  const apply = await runCli(['apply', '-f', file, '--yes'], { env: envFor(emu) });
  expect(apply.stderr).not.toMatch(/error|apply failed/);
  expect(apply.code).toBe(0);
  expect((await runCli(['plan', '-f', file], { env: envFor(emu) })).code).toBe(0);

  emu.injectFault({ method: 'PATCH', pathPrefix: prefix, status: 500, count: 1 }); // refused before processing
  const refused = await runCli(['app', 'update', '--app', name, '--description', 'never stored'], { env: envFor(emu) });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/internal-server-error \(HTTP 500\)/);
  expect(JSON.parse((await ok(['app', 'show', '--app', name, '--json'])).stdout).description).toBe('after a lost answer');
});

test.each([
  ['a 500 after Space deleted it', { status: 500 }],
  ['a reset after Space deleted it', { reset: true }],
])('app delete whose answer is lost (%s): read back, "Deleted", exit 0', async (label, fault) => {
  const name = `lost-delete-${label.replace(/\W+/g, '-')}`;
  await ok(['app', 'create', '--name', name]);
  emu.injectFault({ method: 'DELETE', pathPrefix: `/applications/id:${await idOf(name)}`, after: true, count: 1, ...fault });
  const r = await runCli(['app', 'delete', '--app', name, '--yes'], { env: envFor(emu) });
  expect(emu.faultStats().pending).toBe(0);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.stringMatching(/Deleted application/) });
  expect((await runCli(['app', 'show', '--app', name], { env: envFor(emu) })).code).toBe(1);
});

test('app delete whose answer is lost before Space deleted it: the error stands, the app is still there', async () => {
  await ok(['app', 'create', '--name', 'lost-delete-before']);
  emu.injectFault({ method: 'DELETE', pathPrefix: `/applications/id:${await idOf('lost-delete-before')}`, status: 500, count: 1 });
  const r = await runCli(['app', 'delete', '--app', 'lost-delete-before', '--yes'], { env: envFor(emu) });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/internal-server-error/);
  expect((await runCli(['app', 'show', '--app', 'lost-delete-before'], { env: envFor(emu) })).code).toBe(0);
});
