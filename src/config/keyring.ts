// The OS keyring (macOS Keychain, Windows Credential Manager, the Secret Service on Linux) through
// @napi-rs/keyring. Every call runs in a short-lived child process, time-boxed to 3 s (as gh does): a keyring
// that hangs (a locked collection waiting for a password dialog nobody sees, a D-Bus that never answers) would
// otherwise block a native call, and with it the whole CLI; a child can simply be killed. Only commands that
// read or write a keyring secret pay for it, and the native module is never loaded into spacectl itself.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { withoutCredentials } from './child-env.js';
import { UsageError } from '../errors.js';

export const KEYRING_SERVICE = 'spacectl';
export const KEYRING_TIMEOUT_MS = 3_000;

type Env = Record<string, string | undefined>;

/** Why the keyring was not used (shown in the one-line notice), or that it should be tried. */
export type StorageChoice = { use: 'keyring' } | { use: 'file'; reason: string };

/**
 * `--insecure-storage` or SPACECTL_KEYRING=0 force the file. Under CI=true the keyring is left alone unless
 * SPACECTL_KEYRING=1 asks for it: a pipeline's profile is throw-away, and a CI box's keyring may prompt or hang.
 */
export function chooseStorage(o: { insecureStorage?: boolean }, env: Env): StorageChoice {
  if (o.insecureStorage) return { use: 'file', reason: '--insecure-storage' };
  const v = env.SPACECTL_KEYRING?.trim().toLowerCase();
  if (v === '0' || v === 'off' || v === 'false') return { use: 'file', reason: 'SPACECTL_KEYRING=0' };
  if (v === '1' || v === 'on' || v === 'true') return { use: 'keyring' };
  if (v !== undefined && v !== '') throw new UsageError(`SPACECTL_KEYRING=${JSON.stringify(env.SPACECTL_KEYRING)} must be 0 (secrets in the 0600 file) or 1 (the OS keyring, also under CI); unset it for the default`);
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return { use: 'file', reason: 'CI is set; SPACECTL_KEYRING=1 would use the OS keyring' };
  return { use: 'keyring' };
}

/** The keyring could not be reached or refused the call; `message` is one line, never a secret. */
export class KeyringError extends Error {}

type Op = { op: 'get'; account: string } | { op: 'set'; account: string; secret: string } | { op: 'delete'; account: string };
interface OpResult { value?: string | null; deleted?: boolean; error?: string }

// CommonJS run by `node -e`: reads the operations as JSON on stdin (secrets never on a command line), answers
// with JSON on stdout. On Linux the Secret Service is required: the kernel keyring the library would fall back
// to forgets everything at logout, which is worse than the 0600 file.
const CHILD = `
const { Entry } = require(process.argv[1]);
let input = '';
process.stdin.setEncoding('utf8').on('data', (d) => { input += d; }).on('end', () => {
  const opts = process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
  const out = JSON.parse(input).map((o) => {
    try {
      const e = new Entry(o.service, o.account, opts);
      if (o.op === 'get') return { value: e.getPassword() ?? null };
      if (o.op === 'set') { e.setPassword(o.secret); return {}; }
      return { deleted: e.deletePassword() };
    } catch (err) {
      return { error: String((err && err.message) || err).split('\\n')[0] };
    }
  });
  process.stdout.write(JSON.stringify(out));
});`;

export class Keyring {
  constructor(private readonly env: Env, private readonly timeoutMs = KEYRING_TIMEOUT_MS) {}

  async get(account: string): Promise<string | null> {
    const [r] = await this.run([{ op: 'get', account }]);
    return r!.value ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    await this.run([{ op: 'set', account, secret }]);
  }

  async delete(account: string): Promise<boolean> {
    const [r] = await this.run([{ op: 'delete', account }]);
    return Boolean(r!.deleted);
  }

  private async run(ops: Op[]): Promise<OpResult[]> {
    let modulePath: string;
    try {
      modulePath = createRequire(import.meta.url).resolve('@napi-rs/keyring');
    } catch {
      throw new KeyringError('the @napi-rs/keyring package is not installed');
    }
    const results = await new Promise<OpResult[]>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', CHILD, modulePath], { env: withoutCredentials(this.env) as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new KeyringError(`the OS keyring did not answer within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
      child.on('error', (e) => { clearTimeout(timer); reject(new KeyringError(e.message)); });
      child.on('close', (code) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(out) as OpResult[]);
        } catch {
          reject(new KeyringError(`the keyring helper failed (exit ${code}): ${err.trim().split('\n').pop() ?? ''}`));
        }
      });
      child.stdin.on('error', () => undefined); // a helper that died early is reported by 'close'
      child.stdin.end(JSON.stringify(ops.map((o) => ({ ...o, service: KEYRING_SERVICE }))));
    });
    const failed = results.find((r) => r.error);
    if (failed) throw new KeyringError(failed.error!);
    return results;
  }
}
