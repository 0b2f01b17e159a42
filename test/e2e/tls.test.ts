// Private CAs: an HTTPS emulator whose certificate is signed by a throw-away CA. Refused without the CA, trusted
// with it (per server: --ca-file in a profile, or SPACECTL_CA_FILE), never with verification turned off.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { BIN, cleanEnv, runCli, spawnCli, tmpDir } from '../helpers/cli.js';
import { startTestEmulator, TOKENS } from '../helpers/emulator.js';
import { makeTestPki, type TestPki } from '../helpers/tls.js';

const made = makeTestPki();
const skipped = 'skipped' in made ? made.skipped : undefined;
// Never skip silently: say which tests did not run and why.
if (skipped) console.warn(`SKIPPED test/e2e/tls.test.ts: ${skipped}`);
const run = skipped ? test.skip : test;
const pki = made as TestPki;

let emu: Emulator;
beforeAll(async () => { if (!skipped) emu = await startTestEmulator({ tls: { cert: pki.cert, key: pki.key } }); });
afterAll(async () => { await emu?.close(); });

const env = (extra: Record<string, string | undefined> = {}) => cleanEnv({ SPACE_URL: emu.url, SPACE_TOKEN: TOKENS.admin, SPACECTL_CONFIG_DIR: tmpDir(), ...extra });
const UNTRUSTED = /^error: the certificate of 127\.0\.0\.1:\d+ is not trusted \((.+)\); pass --ca-file <ca\.pem> to `spacectl profile add`, or set SPACECTL_CA_FILE$/m;

describe('TLS with a private CA', () => {
  run('an unknown CA is refused with one clear line, exit 1, no stack trace; NODE_TLS_REJECT_UNAUTHORIZED=0 changes nothing', async () => {
    expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await spawnCli(['app', 'list'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(UNTRUSTED);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    const bypass = await spawnCli(['app', 'list'], { env: env({ NODE_TLS_REJECT_UNAUTHORIZED: '0' }) });
    expect(bypass.code).toBe(1);
    expect(bypass.stderr).toMatch(UNTRUSTED);
    const wrongCa = await runCli(['app', 'list'], { env: env({ SPACECTL_CA_FILE: pki.otherCaFile }) });
    expect(wrongCa.code).toBe(1);
    expect(wrongCa.stderr).toMatch(UNTRUSTED);
  });

  run('SPACECTL_CA_FILE trusts the CA for this run', async () => {
    const r = await runCli(['app', 'list', '--json'], { env: env({ SPACECTL_CA_FILE: pki.caFile }) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });

  run('profile add --ca-file verifies through the CA and stores it; later runs need nothing else', async () => {
    const cfg = tmpDir();
    const base = cleanEnv({ SPACECTL_CONFIG_DIR: cfg });
    const refused = await runCli(['profile', 'add', 'onprem', '--url', emu.url, '--token-stdin'], { env: base, stdin: TOKENS.admin });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(UNTRUSTED);
    expect((await runCli(['profile', 'list', '--json'], { env: base })).stdout).toBe('[]\n');

    const rel = path.relative(process.cwd(), pki.caFile);
    const added = await runCli(['profile', 'add', 'onprem', '--url', emu.url, '--token-stdin', '--ca-file', rel], { env: base, stdin: TOKENS.admin });
    expect(added.stderr).toMatch(/Saved profile onprem/);
    expect(added.code).toBe(0);
    const shown = JSON.parse((await runCli(['profile', 'show', 'onprem', '--json'], { env: base })).stdout);
    expect(shown.caFile).toBe(pki.caFile);
    const status = await runCli(['auth', 'status', '--json'], { env: base });
    expect(JSON.parse(status.stdout)).toMatchObject({ caFile: pki.caFile, identity: expect.any(String) });
    expect((await runCli(['app', 'list'], { env: base })).code).toBe(0);
    // The CA belongs to the profile's server: another server given by SPACE_URL does not inherit it.
    const other = await runCli(['auth', 'status', '--json'], { env: { ...base, SPACE_URL: 'https://elsewhere.invalid' } });
    expect(JSON.parse(other.stdout).error).toBeDefined();
    expect(other.stdout).not.toContain(pki.caFile);
  });

  run('an expired certificate is named as expired, never answered with "pass --ca-file" (the CA is already trusted)', async () => {
    const expired = await startTestEmulator({ tls: { cert: pki.expiredCert, key: pki.key } });
    try {
      const r = await spawnCli(['app', 'list'], { env: env({ SPACE_URL: expired.url, SPACECTL_CA_FILE: pki.caFile }) });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: the certificate of 127\.0\.0\.1:\d+ is outside its validity dates \(certificate has expired\); it must be renewed on the server/m);
      expect(r.stderr).not.toMatch(/ca-file <|CA that signed|\n\s+at /);
      expect(r.stdout).toBe('');
    } finally {
      await expired.close();
    }
  });

  run('a missing or non-PEM --ca-file / SPACECTL_CA_FILE is a usage error naming it', async () => {
    const missing = await runCli(['profile', 'add', 'x', '--url', emu.url, '--token-stdin', '--ca-file', '/nonexistent/ca.pem'], { env: cleanEnv({ SPACECTL_CONFIG_DIR: tmpDir() }), stdin: 't' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--ca-file "\/nonexistent\/ca\.pem": cannot read it \(ENOENT\)/);
    const notPem = path.join(tmpDir(), 'ca.txt');
    fs.writeFileSync(notPem, 'hello');
    const bad = await runCli(['app', 'list'], { env: env({ SPACECTL_CA_FILE: notPem }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/SPACECTL_CA_FILE ".*ca\.txt": not a PEM certificate file/);
  });

  run('`spacectl emulator --tls-cert --tls-key` serves HTTPS; one without the other is refused', async () => {
    const half = await runCli(['emulator', '--tls-cert', pki.certFile], { env: cleanEnv() });
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--tls-key is missing/);

    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--admin-token', 'tls-admin', '--tls-cert', pki.certFile, '--tls-key', pki.keyFile, '--json'],
      { env: cleanEnv() as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          try { resolve(JSON.parse(out).url); } catch { /* not complete yet */ }
        });
        child.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
      });
      expect(url).toMatch(/^https:\/\//);
      const r = await runCli(['auth', 'status', '--json'], { env: cleanEnv({ SPACE_URL: url, SPACE_TOKEN: 'tls-admin', SPACECTL_CA_FILE: pki.caFile, SPACECTL_CONFIG_DIR: tmpDir() }) });
      expect(r.code).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
