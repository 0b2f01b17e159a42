// A real Secret Service for the keyring tests: a private D-Bus session bus and gnome-keyring-daemon with an
// unlocked login keyring in a temporary home, both started here and stopped by their process ids.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Keyring } from '../../src/config/keyring.js';
import { tmpDir } from './cli.js';

export interface SecretService { env: Record<string, string>; stop(): Promise<void> }

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, tool)));
}

function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });
}

/** Why the real-keyring tests cannot run on this machine, or undefined when they can (checked before tests are declared). */
export function secretServiceUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `the real-keyring tests drive a Linux Secret Service; this is ${process.platform}`;
  const missing = ['dbus-daemon', 'gnome-keyring-daemon'].filter((t) => !onPath(t));
  return missing.length ? `${missing.join(' and ')} not installed (apt-get install gnome-keyring dbus; .ci/run installs them)` : undefined;
}

/** Starts the Secret Service; throws when the installed tools do not come up (a failure, not a skip). */
export async function startSecretService(): Promise<SecretService> {

  const home = tmpDir('spacectl-keyring-home-');
  const runtime = fs.mkdtempSync(path.join(home, 'run-'));
  fs.chmodSync(runtime, 0o700);
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    bus.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!.trim());
    });
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited ${code}`)));
  });
  const env = { DBUS_SESSION_BUS_ADDRESS: address, HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_RUNTIME_DIR: runtime };
  const daemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'ignore', 'ignore'],
  });
  daemon.stdin!.end('test-keyring-password\n');
  const stop = async () => { await stopChild(daemon); await stopChild(bus); };

  // Ready once a read answers (no entry is fine; "no such service" is not).
  const probe = new Keyring({ PATH: process.env.PATH, ...env });
  let last = '';
  for (let i = 0; i < 50; i++) {
    try {
      await probe.get('readiness-probe');
      return { env, stop };
    } catch (e) {
      last = (e as Error).message;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await stop();
  throw new Error(`gnome-keyring-daemon did not come up on a private D-Bus (${last})`);
}
