// Issue 11, last row: every --json document names the application the same way, under `app`, as exactly
// {id, name, clientId} — so a script can read `.app.id` whichever command it ran. Null where there is no app.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { ROOT, runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator } from '../helpers/emulator.js';

let emu: Emulator;
let env: Record<string, string | undefined>;
let app: { id: string; name: string; clientId: string };
beforeAll(async () => {
  emu = await startTestEmulator();
  env = envFor(emu, 'admin');
  const created = await runCli(['app', 'create', '--name', 'shape-bot', '--json'], { env });
  expect(created.code).toBe(0);
  const shown = JSON.parse((await runCli(['app', 'show', '--app', 'shape-bot', '--json'], { env })).stdout);
  app = { id: shown.id, name: shown.name, clientId: shown.clientId };
  expect(JSON.parse(created.stdout).app).toEqual(app);
});
afterAll(async () => { await emu.close(); });

const KEY = path.join(ROOT, 'test/fixtures/ssh/ed25519.pub');

/** Runs a command with --json and returns its document; exit codes other than `codes` fail the test. */
async function doc(argv: string[], codes = [0]): Promise<any> {
  const r = await runCli([...argv, '--json'], { env });
  expect({ argv, code: codes.includes(r.code) ? 'ok' : r.code, stderr: codes.includes(r.code) ? '' : r.stderr }).toEqual({ argv, code: 'ok', stderr: '' });
  return JSON.parse(r.stdout);
}

test('one app shape {id, name, clientId} in every document that names an app', async () => {
  const dir = tmpDir();
  const ref = ['--app', 'shape-bot'];
  const byId = ['--app', `id:${app.id}`];
  const docs: Array<[string, unknown]> = [
    ['app create --if-not-exists', (await doc(['app', 'create', '--name', 'shape-bot', '--if-not-exists'])).app],
    ['app update', (await doc(['app', 'update', ...ref, '--description', 'shape check'])).app],
    ['app update --dry-run', (await doc(['app', 'update', ...ref, '--description', 'other', '--dry-run'], [3])).app],
    ['app secret (by id)', (await doc(['app', 'secret', ...byId, '--secret-file', path.join(dir, 'secret')])).app],
    ['app secret --regenerate --dry-run', (await doc(['app', 'secret', ...ref, '--regenerate', '--dry-run'], [3])).app],
    ['flow enable', (await doc(['flow', 'enable', ...ref, 'client-credentials'])).app],
    ['flow list', (await doc(['flow', 'list', ...ref])).app],
    ['flow disable', (await doc(['flow', 'disable', ...ref, 'client-credentials', '--yes'])).app],
    ['endpoint set', (await doc(['endpoint', 'set', ...ref, '--uri', 'https://shape.example.com/space', '--verification', 'signing-key'])).app],
    ['endpoint show', (await doc(['endpoint', 'show', ...ref])).app],
    ['endpoint signing-key', (await doc(['endpoint', 'signing-key', ...ref, '--secret-file', path.join(dir, 'signing')])).app],
    ['ssh-key add', (await doc(['ssh-key', 'add', ...ref, '--file', KEY])).app],
    ['ssh-key list', (await doc(['ssh-key', 'list', ...ref])).app],
    ['ssh-key remove', (await doc(['ssh-key', 'remove', ...ref, '--yes', (await doc(['ssh-key', 'list', ...ref])).keys[0].fingerprint])).app],
    ['rights request', (await doc(['rights', 'request', ...ref, '--global', 'Profile.View'])).app],
    ['rights request --for (no rights needed)', (await doc(['rights', 'request', ...ref, '--for', 'GET /administration/user-agreement'])).app],
    ['project add', (await doc(['project', 'add', ...ref, 'BACKEND', '--right', 'Project.Issues.View'])).app],
  ];
  // A member's request stays pending: the admin's queue and batch name the app the same way.
  const member = envFor(emu, 'member');
  expect((await runCli(['rights', 'request', ...ref, '--project', 'BACKEND', 'Project.Issues.Create'], { env: member })).code).toBe(8);
  docs.push(['rights pending (each row)', (await doc(['rights', 'pending', ...ref])).rights[0].app]);
  docs.push(['rights authorize (each record)', (await doc(['rights', 'authorize', ...ref, '--yes'])).apps[0].app]);
  docs.push(['project remove', (await doc(['project', 'remove', ...ref, 'BACKEND', '--yes'])).app]);

  const file = path.join(dir, 'shape.yaml');
  docs.push(['export --output', (await doc(['app', 'export', ...ref, '--output', file])).app]);
  // The existing app changes too, so apply has a result for both.
  const exported = fs.readFileSync(file, 'utf8');
  expect(exported).toContain('description: shape check');
  fs.writeFileSync(path.join(dir, 'both.yaml'), `${exported.replace('description: shape check', 'description: applied')}  - name: shape-new\n`);
  const plan = await doc(['plan', '-f', path.join(dir, 'both.yaml')], [3]);
  docs.push(['plan (existing app)', plan.apps[0].app]);
  expect(plan.apps[1]).toMatchObject({ name: 'shape-new', action: 'create', app: null });
  const applied = await doc(['apply', '-f', path.join(dir, 'both.yaml'), '--yes']);
  docs.push(['apply (each result)', applied.results.find((r: any) => r.app.name === 'shape-bot')?.app]);
  const made = applied.results.find((r: any) => r.created).app;
  expect(made).toEqual({ id: expect.any(String), name: 'shape-new', clientId: expect.any(String) });
  expect(made.id).not.toBe(app.id);

  const login = await doc(['auth', 'setup-login-app', '--name', 'shape-bot']);
  docs.push(['auth setup-login-app', login.app]);
  docs.push(['app delete --dry-run', (await doc(['app', 'delete', ...ref, '--dry-run'], [3])).app]);
  docs.push(['app delete', (await doc(['app', 'delete', ...ref, '--yes'])).app]);

  expect(Object.fromEntries(docs)).toEqual(Object.fromEntries(docs.map(([k]) => [k, app])));
  // Where there is no app, `app` is null and `ref` says what was asked for.
  expect(await doc(['app', 'delete', ...ref, '--yes', '--if-exists'])).toEqual({ deleted: false, reason: 'not-found', ref: 'shape-bot', app: null });
}, 120_000);
