// Space Automation: a job has only JB_SPACE_API_URL, JB_SPACE_CLIENT_ID and JB_SPACE_CLIENT_SECRET.
import type { Emulator } from '../../src/emulator/index.js';
import { cleanEnv, runCli, spawnCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator } from '../helpers/emulator.js';

let emu: Emulator;
let app: { clientId: string; clientSecret: string };
beforeAll(async () => {
  emu = await startTestEmulator();
  const admin = envFor(emu);
  const created = JSON.parse((await runCli(['app', 'create', '--name', 'automation-job', '--reveal-secret', '--json'], { env: admin })).stdout);
  app = { clientId: created.app.clientId, clientSecret: created.clientSecret };
  // The job's app may list applications once an admin approved it.
  expect((await runCli(['rights', 'request', '--app', 'automation-job', '--global', 'Applications.View'], { env: admin })).code).toBe(0);
  expect((await runCli(['rights', 'authorize', '--app', 'automation-job', '--global', '--yes'], { env: admin })).code).toBe(0);
});
afterAll(async () => { await emu.close(); });

const jobEnv = (extra: Record<string, string | undefined> = {}) => cleanEnv({
  JB_SPACE_API_URL: emu.url, JB_SPACE_CLIENT_ID: app.clientId, JB_SPACE_CLIENT_SECRET: app.clientSecret, SPACECTL_CONFIG_DIR: tmpDir(), CI: 'true', ...extra,
});

describe('Space Automation variables', () => {
  test('the three JB_SPACE_* variables alone run `app list` (real binary), secret never printed', async () => {
    const r = await spawnCli(['app', 'list', '--json'], { env: jobEnv() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((a: { name: string }) => a.name)).toContain('automation-job');
    expect(r.stdout + r.stderr).not.toContain(app.clientSecret);
    const token = emu.requests().filter((q) => q.path === '/oauth/token').pop();
    expect(token?.body).toMatchObject({ grant_type: 'client_credentials' });
  });

  test('auth status shows source automation and the app as identity', async () => {
    const r = await runCli(['auth', 'status', '--json'], { env: jobEnv() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      serverSource: 'automation (JB_SPACE_API_URL)', credentialsSource: expect.stringMatching(/^automation/), auth: 'client-credentials',
      clientId: app.clientId, identity: expect.stringContaining('automation-job'),
    });
    const human = await runCli(['auth', 'status'], { env: jobEnv() });
    expect(human.stdout).toMatch(/server:\s+\S+\s+\[automation/);
  });

  test('anything more specific wins and is never mixed with the Automation identity', async () => {
    // SPACE_URL + SPACE_TOKEN: the job variables are ignored entirely.
    const r = await runCli(['auth', 'status', '--json'], { env: jobEnv({ SPACE_URL: emu.url, SPACE_TOKEN: 'test-member-token' }) });
    expect(JSON.parse(r.stdout)).toMatchObject({ serverSource: 'env (SPACE_URL)', credentialsSource: 'env (SPACE_TOKEN)', auth: 'token' });
    // Only a token from the environment: no server to send it to; Automation's server is not borrowed for it.
    const half = await runCli(['auth', 'status'], { env: jobEnv({ SPACE_TOKEN: 'test-member-token' }) });
    expect(half.code).toBe(2); // a missing value: usage
    expect(half.stderr).toMatch(/no Space server given/);
  });

  test('a missing variable is named; a URL without a scheme means https', async () => {
    const r = await runCli(['app', 'list'], { env: jobEnv({ JB_SPACE_CLIENT_SECRET: undefined }) });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/JB_SPACE_CLIENT_SECRET is not set/);
    const bare = await runCli(['auth', 'status', '--json'], { env: jobEnv({ JB_SPACE_API_URL: 'acme.example.invalid', SPACECTL_TIMEOUT_MS: '2000' }) });
    expect(JSON.parse(bare.stdout).error.message).toMatch(/https:\/\/acme\.example\.invalid/);
  });
});
