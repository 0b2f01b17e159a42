import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter, spawnCli, tmpDir, cleanEnv } from '../helpers/cli.js';
import { startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s);

describe('profiles', () => {
  let cfg: string;
  let env: Record<string, string | undefined>;
  beforeEach(() => {
    cfg = path.join(tmpDir(), 'cfg');
    env = cleanEnv({ SPACECTL_CONFIG_DIR: cfg });
  });

  test('add verifies, stores the token only in the 0600 credentials file, and becomes active', async () => {
    const r = await spawnCli(['profile', 'add', 'local', '--url', emu.url, '--token-stdin'], { env, input: `${TOKENS.admin}\n` });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Saved profile local .*as admin.*now active/);
    expect(r.stdout + r.stderr).not.toContain(TOKENS.admin);
    const files = fs.readdirSync(cfg);
    const creds = path.join(cfg, files.find((f) => f.startsWith('credentials'))!);
    const profiles = path.join(cfg, files.find((f) => f.startsWith('profiles'))!);
    expect(fs.readFileSync(creds, 'utf8')).toContain(TOKENS.admin);
    expect(fs.readFileSync(profiles, 'utf8')).not.toContain(TOKENS.admin);
    expect(fs.statSync(creds).mode & 0o777).toBe(0o600);
    expect(fs.statSync(cfg).mode & 0o777).toBe(0o700);
    // The active profile is used without any env.
    const list = await runCli(['app', 'list', '--json'], { env });
    expect(list.code).toBe(0);
  });

  test('add refuses bad credentials unless --no-verify, and leaves nothing behind', async () => {
    const bad = await runCli(['profile', 'add', 'bad', '--url', emu.url, '--token', 'wrong'], { env });
    expect(bad.code).toBe(4);
    expect(json((await runCli(['profile', 'list', '--json'], { env })).stdout)).toEqual([]);
    const saved = await runCli(['profile', 'add', 'bad', '--url', emu.url, '--token', 'wrong', '--no-verify'], { env });
    expect(saved.code).toBe(0);
    expect(saved.stderr).toMatch(/not verified/);
  });

  test('list / show / use / remove', async () => {
    await runCli(['profile', 'add', 'one', '--url', emu.url, '--token', TOKENS.admin], { env });
    await runCli(['profile', 'add', 'two', '--url', emu.url, '--token', TOKENS.member], { env });
    let list = json((await runCli(['profile', 'list', '--json'], { env })).stdout);
    expect(list.map((p: { name: string; active: boolean }) => [p.name, p.active])).toEqual([['one', true], ['two', false]]);
    expect((await runCli(['profile', 'use', 'two'], { env })).code).toBe(0);
    const who = json((await runCli(['auth', 'status', '--json'], { env })).stdout);
    expect(who).toMatchObject({ profile: 'two', identity: expect.stringContaining('max'), credentialsSource: 'profile two' });
    const show = await runCli(['profile', 'show', '--json'], { env });
    expect(json(show.stdout)).toMatchObject({ name: 'two', secret: 'stored' });
    expect(show.stdout).not.toContain(TOKENS.member);
    expect((await runCli(['profile', 'remove', 'two'], { env })).code).toBe(2); // no TTY, no --yes
    expect((await runCli(['profile', 'remove', 'two', '--yes'], { env })).code).toBe(0);
    list = json((await runCli(['profile', 'list', '--json'], { env })).stdout);
    expect(list.map((p: { name: string }) => p.name)).toEqual(['one']);
    const missing = await runCli(['profile', 'use', 'two'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/profile "two" does not exist; known profiles: one/);
  });

  test('precedence end to end: --token beats SPACE_TOKEN beats the profile', async () => {
    await runCli(['profile', 'add', 'p', '--url', emu.url, '--token', TOKENS.member], { env });
    const viaProfile = json((await runCli(['auth', 'status', '--json'], { env })).stdout);
    expect(viaProfile.identity).toMatch(/max/);
    const viaEnv = json((await runCli(['auth', 'status', '--json'], { env: { ...env, SPACE_TOKEN: TOKENS.projectAdmin } })).stdout);
    expect(viaEnv).toMatchObject({ identity: expect.stringMatching(/pat/), credentialsSource: 'env (SPACE_TOKEN)', serverSource: 'profile p' });
    const viaFlag = json((await runCli(['--token', TOKENS.admin, 'auth', 'status', '--json'], { env: { ...env, SPACE_TOKEN: TOKENS.projectAdmin } })).stdout);
    expect(viaFlag).toMatchObject({ identity: expect.stringMatching(/admin/), credentialsSource: 'flag' });
  });

  test('client-credentials profile for an app', async () => {
    const adminEnv = cleanEnv({ SPACE_URL: emu.url, SPACE_TOKEN: TOKENS.admin, SPACECTL_CONFIG_DIR: tmpDir() });
    const app = json((await runCli(['app', 'create', '--name', 'profile-cc', '--reveal-secret', '--json'], { env: adminEnv })).stdout);
    const r = await runCli(['profile', 'add', 'cc', '--url', emu.url, '--client-id', app.clientId, '--client-secret-stdin', '--json'], { env, stdin: `${app.clientSecret}\n` });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ name: 'cc', auth: 'client-credentials', clientId: app.clientId, identity: expect.stringContaining('profile-cc') });
    expect(r.stdout).not.toContain(app.clientSecret);
  });

  test('interactive add prompts for the URL and the token', async () => {
    const prompter = scriptedPrompter([emu.url, TOKENS.admin]);
    const r = await runCli(['profile', 'add', 'asked'], { env, tty: true, prompter });
    expect(r.code).toBe(0);
    expect(prompter.asked).toEqual(['Space server URL', 'Token']);
  });

  test('bad URL and mixed credential kinds are usage errors', async () => {
    const r = await runCli(['profile', 'add', 'x', '--url', 'not a url', '--token', 't'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--url "not a url"/);
    const mixed = await runCli(['profile', 'add', 'x', '--url', emu.url, '--token', 't', '--client-id', 'c'], { env });
    expect(mixed.code).toBe(2);
  });
});
