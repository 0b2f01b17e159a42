// Programs spacectl starts get no credentials: the browser `auth login` opens (here a stand-in `xdg-open` first on
// PATH that records what it was given) sees neither SPACE_TOKEN nor a client secret, in its environment or argv.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Emulator } from '../../src/emulator/index.js';
import { BIN, cleanEnv, runCli, tmpDir } from '../helpers/cli.js';
import { startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const linuxTest = process.platform === 'linux' ? test : test.skip;
if (process.platform !== 'linux') console.warn('child-env: the stand-in browser is an xdg-open script (Linux); test SKIPPED');

linuxTest('the browser opened by auth login inherits no SPACE_TOKEN / client secret', async () => {
  const setup = await runCli(['auth', 'setup-login-app', '--json'], { env: cleanEnv({ SPACE_URL: emu.url, SPACE_TOKEN: TOKENS.admin, SPACECTL_CONFIG_DIR: tmpDir() }) });
  expect(setup.code).toBe(0);
  const clientId = JSON.parse(setup.stdout).app.clientId as string;
  const bin = tmpDir('spacectl-fakebrowser-');
  const seen = path.join(bin, 'seen.txt');
  fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\n{ env; echo "ARGV: $*"; } > '${seen}.tmp' && mv '${seen}.tmp' '${seen}'\n`, { mode: 0o755 });
  const secret = 'client-secret-in-env-5f2a9c';
  const env = cleanEnv({
    PATH: `${bin}${path.delimiter}${process.env.PATH}`, SPACECTL_CONFIG_DIR: tmpDir(),
    SPACE_TOKEN: TOKENS.admin, SPACE_CLIENT_SECRET: secret, JB_SPACE_CLIENT_SECRET: secret, KEEP_ME: 'kept',
  });
  const child = spawn(process.execPath, [BIN, 'auth', 'login', '--url', emu.url, '--client-id', clientId], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (let i = 0; i < 400 && !fs.existsSync(seen); i++) await new Promise((r) => setTimeout(r, 25));
  child.kill('SIGINT'); // nobody will accept: cancel the login
  expect(await closed).toBe(130);
  expect(stderr).toMatch(/Opened your browser/);
  const got = fs.readFileSync(seen, 'utf8');
  expect(got).toMatch(/^ARGV: http:\/\/127\.0\.0\.1:\d+\/oauth\/auth\?/m);
  expect(got).toMatch(/^KEEP_ME=kept$/m); // the rest of the environment is the user's, as usual
  expect(got).not.toContain(TOKENS.admin);
  expect(got).not.toContain(secret);
  expect(got).not.toMatch(/^(SPACE_TOKEN|SPACE_CLIENT_SECRET|JB_SPACE_CLIENT_SECRET)=/m);
}, 60_000);
