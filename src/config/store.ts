// Profiles (non-secret) and their secrets, in two conf files in one 0700 directory.
// conf writes atomically (temp file + rename), so a reader never sees half a file. Every change is a
// read-modify-write of both files under one lock (proper-lockfile), so parallel `profile add/use/remove`
// never lose each other's entries: each re-reads what the others wrote before changing it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { CliError, ExitCode } from '../errors.js';
import type { StorageChoice } from './keyring.js';

type Env = Record<string, string | undefined>;

export interface Profile {
  url: string;
  /** `oauth`: a browser login (`auth login`); clientId is then the login app's. */
  auth: 'token' | 'client-credentials' | 'oauth';
  /** Client ID is not a secret; the client secret lives in the credentials file. */
  clientId?: string;
  /** Absolute path of a PEM file with the private CA that signed this server's certificate. */
  caFile?: string;
  /** The secret is in the OS keyring under this account (service `spacectl`), not in the credentials file. */
  keyring?: { account: string };
}

export type SecretStorage = 'keyring' | 'file';
export const storageOf = (p: Profile): SecretStorage => (p.keyring ? 'keyring' : 'file');
interface ProfilesFile { active?: string; profiles?: Record<string, Profile> }
export interface ProfileSecret { token?: string; clientSecret?: string; accessToken?: string; refreshToken?: string; expiresAt?: number }
type SecretsFile = Record<string, ProfileSecret>;

/** Both files as one value: what a change reads and writes back. */
export interface ConfigState { active?: string; profiles: Record<string, Profile>; secrets: SecretsFile }

export function configDir(env: Record<string, string | undefined>): string {
  if (env.SPACECTL_CONFIG_DIR) return path.resolve(env.SPACECTL_CONFIG_DIR);
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'spacectl');
}

/** How long a change waits for another process holding the lock (each holds it for milliseconds). */
const LOCK_WAIT = { retries: 60, factor: 1.3, minTimeout: 10, maxTimeout: 250, randomize: true };
/** A lock older than this belongs to a process that died (proper-lockfile refreshes live locks). */
const LOCK_STALE_MS = 10_000;

export class ConfigStore {
  private readonly profilesConf: Conf<ProfilesFile>;
  private secretsConf?: Conf<SecretsFile>;

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    // No `defaults`: conf would write them on construction, outside the lock, over another process's change.
    this.profilesConf = openConf<ProfilesFile>(dir, 'profiles');
  }

  get profilesPath(): string {
    return this.profilesConf.path;
  }

  private get secretsStore(): Conf<SecretsFile> {
    // Mode 0600, separate from profiles so the profiles file can be shown or shared without leaking a secret.
    return (this.secretsConf ??= openConf<SecretsFile>(this.dir, 'credentials'));
  }

  get secretsPath(): string {
    return this.secretsStore.path;
  }

  get lockPath(): string {
    return path.join(this.dir, 'profiles.lock');
  }

  private readProfiles(): ProfilesFile {
    return readConf(this.profilesPath, 'profiles', () => this.profilesConf.store);
  }

  private readSecrets(): SecretsFile {
    const store = this.secretsStore;
    return readConf(store.path, 'credentials', () => store.store);
  }

  list(): Record<string, Profile> {
    return dict(this.readProfiles().profiles);
  }

  get(name: string): Profile | undefined {
    return this.list()[name];
  }

  active(): string | undefined {
    return this.readProfiles().active;
  }

  /** The secret as kept in the credentials file (file-stored profiles only). */
  secret(name: string): ProfileSecret | undefined {
    return dict(this.readSecrets())[name];
  }

  /** The keyring account of a profile: the config directory is part of it, so two directories never collide. */
  keyringAccount(name: string): string {
    return `${name}@${this.dir}`;
  }

  /** The secret wherever it is kept; a keyring that cannot be reached is a KeyringError. */
  async readSecret(name: string, env: Env): Promise<ProfileSecret | undefined> {
    const p = this.get(name);
    if (!p?.keyring) return this.secret(name);
    const { Keyring } = await import('./keyring.js');
    const raw = await new Keyring(env).get(p.keyring.account);
    return raw === null ? undefined : parseSecret(raw);
  }

  /**
   * Saves a profile with its secret in the keyring when `choice` allows and one answers, else in the 0600
   * file; says which, and why not the keyring. A secret moved out of the keyring is deleted there (best effort).
   * The keyring is written under the profiles lock, like the files: a parallel migrate, remove or re-add of
   * the same name sees the entry and the profile change together, never one without the other.
   */
  async saveSecurely(name: string, profile: Profile, secret: ProfileSecret, activate: 'always' | 'if-none' | 'never', choice: StorageChoice, env: Env):
    Promise<{ existed: boolean; active: boolean; activated: boolean; storage: SecretStorage; fallback?: string }> {
    const account = this.keyringAccount(name);
    const { Keyring, KeyringError } = await import('./keyring.js');
    const keyring = new Keyring(env);
    return this.locked(async () => {
      let fallback = choice.use === 'file' ? choice.reason : undefined;
      if (choice.use === 'keyring') {
        try {
          await keyring.set(account, JSON.stringify(secret));
        } catch (e) {
          if (!(e instanceof KeyringError)) throw e;
          fallback = `no OS keyring available: ${e.message}`;
        }
      }
      const { keyring: _old, ...plain } = profile;
      const stored: Profile = fallback === undefined ? { ...plain, keyring: { account } } : plain;
      const previous = this.get(name);
      const r = this.change((s) => {
        const existed = name in s.profiles;
        const before = s.active;
        if (stored.keyring) delete s.secrets[name];
        else s.secrets[name] = secret;
        s.profiles[name] = stored;
        if (activate === 'always' || (activate === 'if-none' && (!s.active || !(s.active in s.profiles)))) s.active = name;
        return { existed, active: s.active === name, activated: s.active === name && before !== name };
      });
      if (previous?.keyring && !stored.keyring) await keyring.delete(previous.keyring.account).catch(() => false);
      return { ...r, storage: storageOf(stored), fallback };
    });
  }

  /** Replaces a profile's secret where it is kept (refreshed login tokens); the profile itself is unchanged. */
  async replaceSecret(name: string, secret: ProfileSecret, env: Env): Promise<void> {
    const { Keyring } = await import('./keyring.js');
    await this.locked(async () => {
      const p = this.get(name);
      if (!p) return;
      if (p.keyring) return new Keyring(env).set(p.keyring.account, JSON.stringify(secret));
      this.change((s) => { if (s.profiles[name]) s.secrets[name] = secret; });
    });
  }

  /** Deletes a profile's secret (logout) but keeps the profile; true when there was one. */
  async clearSecret(name: string, env: Env): Promise<boolean> {
    const { Keyring } = await import('./keyring.js');
    return this.locked(async () => {
      const p = this.get(name);
      if (!p) return false;
      const hadFile = this.change((s) => {
        const had = name in s.secrets;
        delete s.secrets[name];
        return had;
      });
      if (!p.keyring) return hadFile;
      return (await new Keyring(env).delete(p.keyring.account)) || hadFile;
    });
  }

  /**
   * Moves a file-stored secret into the keyring: written there first, then dropped from the file, all under the
   * lock (a re-add meanwhile would otherwise be overwritten by the secret read before it). Undefined: no such
   * profile (any more).
   */
  async moveToKeyring(name: string, env: Env): Promise<'moved' | 'already' | undefined> {
    const { Keyring } = await import('./keyring.js');
    return this.locked(async () => {
      const p = this.get(name);
      if (!p) return undefined;
      if (p.keyring) return 'already';
      const secret = this.secret(name);
      if (!secret) throw new CliError(`profile "${name}" has no stored secret to move`, ExitCode.Auth);
      const account = this.keyringAccount(name);
      await new Keyring(env).set(account, JSON.stringify(secret));
      this.change((s) => {
        s.profiles[name] = { ...s.profiles[name]!, keyring: { account } };
        delete s.secrets[name];
      });
      return 'moved';
    });
  }

  /** Removes a profile and its secret; a keyring entry that cannot be deleted is reported, not fatal. */
  async removeSecurely(name: string, env: Env): Promise<{ removed: boolean; keyringLeft?: string }> {
    const { Keyring } = await import('./keyring.js');
    // Under the lock: a re-add of the same name cannot slip in between and lose its new keyring entry.
    return this.locked(async () => {
      const p = this.get(name);
      const removed = this.change((s) => this.dropProfile(s, name));
      if (!removed || !p?.keyring) return { removed };
      try {
        await new Keyring(env).delete(p.keyring.account);
        return { removed };
      } catch (e) {
        return { removed, keyringLeft: `${(e as Error).message}; delete the keyring entry "${p.keyring.account}" (service spacectl) by hand` };
      }
    });
  }

  /**
   * The one way to change profiles: under the lock, read both files afresh, let `change` edit the state,
   * write the secrets first, then the profiles (a profile never points at a secret that is not there).
   */
  async update<T>(change: (state: ConfigState) => T): Promise<T> {
    return this.locked(() => this.change(change));
  }

  /** Runs `fn` holding the profiles lock (which `change` needs). */
  private async locked<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.lock();
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined);
    }
  }

  /** Reads both files afresh, applies `change`, writes what changed; only with the lock held. */
  private change<T>(change: (state: ConfigState) => T): T {
    const p = this.readProfiles();
    const secrets = this.readSecrets();
    const state: ConfigState = { active: p.active, profiles: dict(p.profiles), secrets: dict(secrets) };
    const result = change(state);
    if (!sameJson(state.secrets, secrets)) this.secretsStore.store = state.secrets;
    const next: ProfilesFile = { ...(state.active !== undefined ? { active: state.active } : {}), profiles: state.profiles };
    if (!sameJson(next, p)) this.profilesConf.store = next;
    return result;
  }

  /** Saves a profile and its secret; `activate` 'always' or 'if-none' (the first profile becomes active). */
  async save(name: string, profile: Profile, secret: ProfileSecret, activate: 'always' | 'if-none' | 'never' = 'never'): Promise<{ existed: boolean; active: boolean; activated: boolean }> {
    return this.update((s) => {
      const existed = name in s.profiles;
      const before = s.active;
      s.secrets[name] = secret;
      s.profiles[name] = profile;
      if (activate === 'always' || (activate === 'if-none' && (!s.active || !(s.active in s.profiles)))) s.active = name;
      return { existed, active: s.active === name, activated: s.active === name && before !== name };
    });
  }

  /** Makes `name` active; false when it does not exist (checked under the lock, so a parallel remove wins cleanly). */
  async setActive(name: string): Promise<{ found: boolean; changed: boolean }> {
    return this.update((s) => {
      if (!(name in s.profiles)) return { found: false, changed: false };
      const changed = s.active !== name;
      s.active = name;
      return { found: true, changed };
    });
  }

  async remove(name: string): Promise<boolean> {
    return this.update((s) => this.dropProfile(s, name));
  }

  private dropProfile(s: ConfigState, name: string): boolean {
    if (!(name in s.profiles)) return false;
    delete s.profiles[name];
    delete s.secrets[name];
    if (s.active === name) s.active = undefined;
    return true;
  }

  private async lock(): Promise<() => Promise<void>> {
    const { default: lockfile } = await import('proper-lockfile');
    try {
      return await lockfile.lock(this.dir, { lockfilePath: this.lockPath, retries: LOCK_WAIT, stale: LOCK_STALE_MS, realpath: false,
        // A lock taken over as stale means our change may race another: stop rather than write.
        onCompromised: (e) => { throw new CliError(`lost the lock on ${this.lockPath}: ${e.message}`); } });
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`profiles in ${this.dir} are being changed by another spacectl (lock ${this.lockPath} is held): ${(e as Error).message}`, ExitCode.Error,
        `Retry; if no spacectl is running, remove ${this.lockPath}.`);
    }
  }
}

function openConf<T extends object>(dir: string, name: string): Conf<T> {
  // conf reads the file on construction; a corrupt one is reported like any later read.
  return readConf(path.join(dir, `${name}.json`), name, () => new Conf<T>({ cwd: dir, configName: name, projectName: 'spacectl', configFileMode: 0o600 }));
}

/** A config file that is not valid JSON is named with its path and what to do; never "a bug in spacectl". */
function readConf<T>(file: string, what: string, read: () => T): T {
  try {
    const s: unknown = read();
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw new SyntaxError('not a JSON object');
    return s as T;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (!(e instanceof SyntaxError)) {
      throw new CliError(`cannot read the ${what} file ${file}: ${reason}`, ExitCode.Error, 'Check its owner and permissions (it should be yours, mode 0600).');
    }
    throw new CliError(`the ${what} file ${file} is corrupt (${reason})`, ExitCode.Error,
      `Fix the JSON by hand, or move it aside (mv ${file} ${file}.bad) and add the profiles again with \`spacectl profile add\`.`);
  }
}

function parseSecret(raw: string): ProfileSecret {
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as ProfileSecret;
  } catch { /* reported below */ }
  throw new CliError('the OS keyring holds an unreadable spacectl secret', ExitCode.Auth, 'Add the profile again with `spacectl profile add`.');
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Profile names index plain JSON objects; without a prototype, `toString` or `constructor` is a name like any
 * other, not a profile that "exists" because every object inherits one.
 */
function dict<T>(o: Record<string, T> | undefined): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, o);
}
