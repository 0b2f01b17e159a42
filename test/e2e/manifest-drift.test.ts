// Apply against drift: someone changes the app while `apply` waits at its confirmation. Apply reads the app
// again before writing: what someone added is kept (never overwritten with the list read before), what was
// already done is not sent again, and a difference the confirmed plan did not show stops that app, said.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, writesSince, runOk } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const ok = (argv: string[]) => runOk(emu, argv);
const show = async (app: string) => JSON.parse((await ok(['app', 'show', '--app', app, '--json'])).stdout) as Record<string, any>;
const uris = async (app: string) => JSON.parse((await ok(['flow', 'list', '--app', app, '--json'])).stdout).flows.find((f: { flow: string }) => f.flow === 'authorization-code').redirectUris as string[];

function manifest(text: string): string {
  const file = path.join(tmpDir('spacectl-drift-'), 'spacectl.yaml');
  fs.writeFileSync(file, text);
  return file;
}

/** `apply -f file` on a terminal; while it asks, `meanwhile` changes Space (another admin), then it is answered yes. */
async function applyWhile(file: string, meanwhile: () => Promise<unknown>, extra: string[] = []) {
  const prompter = scriptedPrompter([]);
  prompter.confirm = async () => {
    await meanwhile();
    return true;
  };
  return runCli(['apply', '-f', file, ...extra], { env: envFor(emu), tty: true, prompter });
}

test('a redirect URI added while apply waits is kept; the manifest\'s is added', async () => {
  await ok(['app', 'create', '--name', 'drift-uris']);
  await ok(['flow', 'enable', '--app', 'drift-uris', 'code', '--redirect-uri', 'https://a.example.com/cb']);
  const file = manifest('version: 2\napps:\n  - name: drift-uris\n    flows:\n      authorizationCode:\n        enabled: true\n        redirectUris: [https://a.example.com/cb, https://b.example.com/cb]\n');
  const r = await applyWhile(file, () => ok(['flow', 'enable', '--app', 'drift-uris', 'code', '--redirect-uri', 'https://c.example.com/cb']));
  expect(r.code).toBe(0);
  expect((await uris('drift-uris')).sort()).toEqual(['https://a.example.com/cb', 'https://b.example.com/cb', 'https://c.example.com/cb']);
});

test('what someone else already did meanwhile is not sent again', async () => {
  await ok(['app', 'create', '--name', 'drift-done']);
  const file = manifest('version: 2\napps:\n  - name: drift-done\n    description: from the manifest\n    rights:\n      required: [Profile.View]\n      global: [Profile.View]\n');
  let since = 0;
  const r = await applyWhile(file, async () => {
    await ok(['apply', '-f', file, '--yes']); // a second run of the same manifest (another CI job) gets there first
    since = emu.requests().length;
  });
  expect(r.code).toBe(0);
  expect(writesSince(emu, since)).toEqual([]);
  expect((await show('drift-done')).description).toBe('from the manifest');
});

test('a change the confirmed plan did not show stops that app: nothing sent for it, the message says what changed', async () => {
  await ok(['app', 'create', '--name', 'drift-edit', '--description', 'old']);
  const file = manifest('version: 2\napps:\n  - name: drift-edit\n    description: new\n    flows:\n      clientCredentials: false\n');
  let since = 0;
  const r = await applyWhile(file, async () => {
    await ok(['app', 'update', '--app', 'drift-edit', '--description', 'edited meanwhile']);
    since = emu.requests().length;
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/drift-edit changed in Space after the plan was shown \(~ description: "edited meanwhile" → "new"\); nothing was sent for it/);
  expect(r.stderr).toMatch(/spacectl plan/);
  expect(writesSince(emu, since)).toEqual([]);
  expect(await show('drift-edit')).toMatchObject({ description: 'edited meanwhile', clientCredentialsFlowEnabled: true });
});

test('--prune never removes more than it showed: a redirect URI added while apply waits is not deleted; the app stops, said', async () => {
  await ok(['app', 'create', '--name', 'drift-prune']);
  await ok(['flow', 'enable', '--app', 'drift-prune', 'code', '--redirect-uri', 'https://keep.example.com/cb', '--redirect-uri', 'https://old.example.com/cb']);
  const file = manifest('version: 2\napps:\n  - name: drift-prune\n    flows:\n      authorizationCode:\n        redirectUris: [https://keep.example.com/cb]\n');
  const r = await applyWhile(file, () => ok(['flow', 'enable', '--app', 'drift-prune', 'code', '--redirect-uri', 'https://new.example.com/cb']), ['--prune']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/- https:\/\/new\.example\.com\/cb/);
  expect((await uris('drift-prune')).sort()).toEqual(['https://keep.example.com/cb', 'https://new.example.com/cb', 'https://old.example.com/cb']);
});

describe('the app apply was to create is created by someone else while apply waits', () => {
  test('its secret still goes to the manifest\'s sink (0600), not silently skipped', async () => {
    const file = manifest('version: 2\napps:\n  - name: drift-born\n    description: from the manifest\n    secrets:\n      clientSecret: { file: drift-born.secret }\n');
    const sink = path.join(path.dirname(file), 'drift-born.secret');
    const r = await applyWhile(file, () => ok(['app', 'create', '--name', 'drift-born']));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/App drift-born already exists .*updating it instead/);
    const secret = JSON.parse((await ok(['app', 'secret', '--app', 'drift-born', '--reveal', '--json'])).stdout).clientSecret as string;
    expect(secret).toMatch(/\S{8,}/);
    expect(fs.readFileSync(sink, 'utf8')).toBe(`${secret}\n`);
    expect(fs.statSync(sink).mode & 0o777).toBe(0o600);
    expect((await show('drift-born')).description).toBe('from the manifest');
  });

  test('--prune does not remove what the other creator put there (the plan showed a create, no removal)', async () => {
    const file = manifest('version: 2\napps:\n  - name: drift-born-prune\n    flows:\n      authorizationCode:\n        enabled: true\n        redirectUris: [https://mine.example.com/cb]\n');
    const r = await applyWhile(file, async () => {
      await ok(['app', 'create', '--name', 'drift-born-prune']);
      await ok(['flow', 'enable', '--app', 'drift-born-prune', 'code', '--redirect-uri', 'https://theirs.example.com/cb']);
    }, ['--prune']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/drift-born-prune was created by someone else after the plan was shown, and --prune would now remove what the plan did not show \(~ flows\.authorizationCode\.redirectUris: - https:\/\/theirs\.example\.com\/cb\)/);
    expect(await uris('drift-born-prune')).toEqual(['https://theirs.example.com/cb']);
  });
});
