// --prune removes exactly what the manifest leaves out of what it manages, never more: a key left out of
// `rights` (required, global, projects) is not managed, so nothing under it is withdrawn or removed.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, runOk } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const ok = (argv: string[]) => runOk(emu, argv);
function manifest(name: string, rights: string): string {
  const file = path.join(tmpDir('spacectl-prune-'), 'spacectl.yaml');
  fs.writeFileSync(file, `version: 2\napps:\n  - name: ${name}\n    rights:\n${rights}`);
  return file;
}
/** An app holding required rights, a global right and rights in two projects (all granted: the admin holds them). */
async function seeded(name: string): Promise<void> {
  await ok(['app', 'create', '--name', name]);
  await ok(['rights', 'request', '--app', name, 'Profile.View']);
  await ok(['project', 'add', '--app', name, 'BACKEND', '--right', 'Project.Issues.View']);
  await ok(['project', 'add', '--app', name, 'MOBILE', '--right', 'Project.Issues.View']);
}
const state = async (name: string) => {
  const rows = JSON.parse((await ok(['rights', 'list', '--app', name, '--all-contexts', '--json'])).stdout) as Array<{ context: string; code: string }>;
  const required = JSON.parse((await ok(['app', 'export', '--app', name, '--json'])).stdout).apps[0].rights.required as string[];
  return { held: rows.map((r) => `${r.context} ${r.code}`).sort(), required };
};
const planOf = async (file: string) => {
  const r = await runCli(['plan', '-f', file, '--prune', '--json'], { env: envFor(emu) });
  return JSON.parse(r.stdout).apps[0].changes as Array<{ path: string; op: string; from?: string; to?: string }>;
};

test('only projects listed: --prune removes the unlisted project, never the required rights those projects use nor the global rights', async () => {
  await seeded('prune-projects');
  const before = await state('prune-projects');
  const file = manifest('prune-projects', '      projects:\n        BACKEND: [Project.Issues.View]\n');
  expect(await planOf(file)).toEqual([expect.objectContaining({ path: 'rights.projects.MOBILE', op: 'remove', from: 'MOBILE' })]);
  expect((await runCli(['apply', '-f', file, '--prune', '--yes'], { env: envFor(emu) })).code).toBe(0);
  const after = await state('prune-projects');
  expect(after.held).toEqual(before.held.filter((h) => !h.startsWith('project:key:MOBILE')));
  expect(after.required).toEqual(before.required);
});

test('only global listed: --prune leaves the projects and the required rights alone (in sync)', async () => {
  await seeded('prune-global');
  const file = manifest('prune-global', '      global: [Profile.View]\n');
  expect(await planOf(file)).toEqual([]);
  const r = await runCli(['plan', '-f', file, '--prune'], { env: envFor(emu) });
  expect(r.code).toBe(0);
});

test('every key listed, projects empty: --prune makes it exact (both projects removed, the unlisted required right dropped)', async () => {
  await seeded('prune-exact');
  const file = manifest('prune-exact', '      required: [Profile.View]\n      global: [Profile.View]\n      projects: {}\n');
  const changes = await planOf(file);
  expect(changes.map((c) => `${c.op} ${c.path} ${c.from ?? c.to}`).sort()).toEqual([
    'remove rights.projects.BACKEND BACKEND',
    'remove rights.projects.MOBILE MOBILE',
    'remove rights.required Project.Issues.View',
  ]);
});
