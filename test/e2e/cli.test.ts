import { runCli, spawnCli } from '../helpers/cli.js';

describe('the binary', () => {
  test('--version prints the package version', async () => {
    const r = await spawnCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('--help lists the command groups and the exit codes', async () => {
    const r = await spawnCli(['--help']);
    expect(r.code).toBe(0);
    for (const g of ['app', 'flow', 'rights', 'project', 'endpoint', 'ssh-key', 'profile', 'auth', 'emulator']) expect(r.stdout).toMatch(new RegExp(`\\n  ${g}\\b`));
    expect(r.stdout).toMatch(/\nEXIT CODES\n/);
  });

  test('an unknown option is a usage error (2) that names it', async () => {
    const r = await runCli(['app', 'create', '--nmae', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--nmae'/);
  });

  test('an unknown command is a usage error', async () => {
    const r = await runCli(['aplication']);
    expect(r.code).toBe(2);
  });
});
