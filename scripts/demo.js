#!/usr/bin/env node
// `npm run demo`: the six registration steps end to end, with the real CLI against an emulator this script
// starts on loopback. Works in a terminal and without one (CI): every command runs non-interactively.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/spacectl.cjs');
const { startEmulator } = await import(path.join(ROOT, 'dist/emulator/index.js'));
const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'spacectl-demo-'));

const emu = await startEmulator({ port: 0 });
const who = { admin: emu.tokens.admin, pat: emu.tokens.projectAdmin, max: emu.tokens.member };
let failures = 0;

/** Runs `spacectl …` as `user`, shows it like a terminal transcript, and checks the exit code. */
async function sh(user, args, expect = [0]) {
  const shown = args.map((a) => (/[\s"]/.test(a) ? `"${a}"` : a)).join(' ');
  process.stdout.write(`\n${dim(`[${user}]`)} ${bold(`$ spacectl ${shown}`)}\n`);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', SPACE_URL: emu.url, SPACE_TOKEN: who[user], SPACECTL_CONFIG_DIR: path.join(work, 'config') };
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--no-input', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => process.stdout.write(d));
    child.stderr.on('data', (d) => process.stdout.write(d));
    child.on('close', resolve);
  });
  if (!expect.includes(code)) {
    failures++;
    process.stdout.write(`!! exit ${code}, expected ${expect.join(' or ')}\n`);
  } else if (code !== 0) process.stdout.write(dim(`(exit ${code}, as expected)\n`));
  return code;
}
const step = (n, title) => process.stdout.write(`\n${bold(`━━ Step ${n}: ${title}`)}\n`);

// A throwaway SSH public key for step 6 (OpenSSH wire format: string "ssh-ed25519" + string key).
const { publicKey } = crypto.generateKeyPairSync('ed25519');
const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
const lenPrefixed = (b) => { const l = Buffer.alloc(4); l.writeUInt32BE(b.length); return Buffer.concat([l, b]); };
fs.writeFileSync(path.join(work, 'demo-bot.pub'), `ssh-ed25519 ${Buffer.concat([lenPrefixed(Buffer.from('ssh-ed25519')), lenPrefixed(raw)]).toString('base64')} demo-bot@ci\n`);

process.stdout.write(`${bold('spacectl demo')} against the emulator at ${emu.url}
Users: admin (Superadmin), pat (project admin of BACKEND), max (plain member). Work dir: ${work}\n`);

try {
  step(1, 'create the application (Space makes its service account, client ID and secret)');
  await sh('max', ['app', 'create', '--name', 'demo-bot', '--description', 'Deploys on merge', '--secret-file', path.join(work, 'demo-bot.secret')]);
  await sh('max', ['app', 'create', '--name', 'demo-bot', '--if-not-exists', '--json']);

  step(2, 'choose the auth flows');
  await sh('max', ['flow', 'enable', '--app', 'demo-bot', 'authorization-code', '--redirect-uri', 'https://demo-bot.example.com/oauth/callback', '--pkce']);
  await sh('max', ['flow', 'enable', '--app', 'demo-bot', 'client-credentials']);
  await sh('max', ['flow', 'list', '--app', 'demo-bot']);

  step(3, 'request global and project rights (they stay pending until approved)');
  // max holds Profile.View himself, so Space grants it at once; Locations.View waits for an administrator.
  await sh('max', ['rights', 'request', '--app', 'demo-bot', 'Profile.View', 'View locations'], [8]);
  await sh('max', ['rights', 'request', '--app', 'demo-bot', '--project', 'BACKEND', 'View issues'], [8]);
  await sh('max', ['rights', 'list', '--app', 'demo-bot', '--all-contexts']);
  await sh('pat', ['rights', 'authorize', '--app', 'demo-bot', '--global', '--yes'], [4, 5]);
  await sh('admin', ['rights', 'authorize', '--app', 'demo-bot', '--global', '--yes']);

  step(4, 'authorize the app in a project; its project admin approves');
  await sh('max', ['project', 'add', '--app', 'demo-bot', 'BACKEND', '--right', 'Project.View'], [0, 8]);
  await sh('pat', ['rights', 'authorize', '--app', 'demo-bot', '--project', 'BACKEND', '--yes']);
  await sh('max', ['project', 'list', '--app', 'demo-bot']);

  step(5, 'set the endpoint and how the app verifies Space');
  await sh('max', ['endpoint', 'set', '--app', 'demo-bot', '--uri', 'https://demo-bot.example.com/space', '--verification', 'signing-key']);
  await sh('max', ['endpoint', 'show', '--app', 'demo-bot']);

  step(6, 'add an SSH public key for Git access');
  await sh('max', ['ssh-key', 'add', '--app', 'demo-bot', '--file', path.join(work, 'demo-bot.pub')]);
  await sh('max', ['ssh-key', 'add', '--app', 'demo-bot', '--file', path.join(work, 'demo-bot.pub')]);
  await sh('max', ['ssh-key', 'list', '--app', 'demo-bot']);

  step('+', 'an admin approves pending rights of many apps at once');
  await fetch(`${emu.url}/__emulator/seed-apps`, {
    method: 'POST', headers: { authorization: `Bearer ${who.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ count: 12, prefix: 'team-bot', requested: [{ context: 'global', rights: ['Team.View'] }, { context: 'project:key:WEB', rights: ['Project.View'] }] }),
  });
  await sh('admin', ['rights', 'authorize', '--all-apps', '--dry-run'], [3]);
  await sh('admin', ['rights', 'authorize', '--all-apps', '--yes']);

  step('+', 'the same registration as code: plan, apply, plan again (a manifest in a work copy, so secrets land there)');
  const manifest = path.join(work, 'spacectl.yaml');
  fs.cpSync(path.join(ROOT, 'examples'), work, { recursive: true });
  fs.mkdirSync(path.join(work, 'secrets'), { mode: 0o700 });
  await sh('max', ['plan', '-f', manifest], [3]);
  await sh('max', ['apply', '-f', manifest, '--yes'], [0, 8]);
  await sh('max', ['apply', '-f', manifest, '--yes'], [8]);
  await sh('admin', ['rights', 'authorize', '--app', 'release-bot', '--app', 'metrics-exporter', '--yes']);
  await sh('max', ['plan', '-f', manifest]);

  await sh('max', ['app', 'show', '--app', 'demo-bot']);
} finally {
  await emu.close();
}
const secretMode = (fs.statSync(path.join(work, 'demo-bot.secret')).mode & 0o777).toString(8);
process.stdout.write(`\nThe client secret is in ${path.join(work, 'demo-bot.secret')} (mode ${secretMode}); it was never printed.\n`);
if (failures) {
  process.stdout.write(`\n${failures} step(s) did not go as expected.\n`);
  process.exitCode = 1;
} else process.stdout.write(`\n${bold('Demo complete: all six registration steps done.')}\n`);
