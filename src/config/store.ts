// Profiles (non-secret) and their secrets, in two conf files in one 0700 directory.
// conf writes atomically (temp file + rename), so an interrupted write never corrupts existing profiles.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';

export interface Profile {
  url: string;
  auth: 'token' | 'client-credentials';
  /** Client ID is not a secret; the client secret lives in the credentials file. */
  clientId?: string;
}
interface ProfilesFile { active?: string; profiles: Record<string, Profile> }
export interface ProfileSecret { token?: string; clientSecret?: string }
type SecretsFile = Record<string, ProfileSecret>;

export function configDir(env: Record<string, string | undefined>): string {
  if (env.SPACECTL_CONFIG_DIR) return path.resolve(env.SPACECTL_CONFIG_DIR);
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'spacectl');
}

export class ConfigStore {
  private readonly profilesConf: Conf<ProfilesFile>;
  private secretsConf?: Conf<SecretsFile>;

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    this.profilesConf = new Conf<ProfilesFile>({ cwd: dir, configName: 'profiles', projectName: 'spacectl', defaults: { profiles: {} }, configFileMode: 0o600 });
  }

  get profilesPath(): string {
    return this.profilesConf.path;
  }

  private get secretsStore(): Conf<SecretsFile> {
    // Mode 0600, separate from profiles so the profiles file can be shown or shared without leaking a secret.
    return (this.secretsConf ??= new Conf<SecretsFile>({ cwd: this.dir, configName: 'credentials', projectName: 'spacectl', configFileMode: 0o600 }));
  }

  get secretsPath(): string {
    return this.secretsStore.path;
  }

  list(): Record<string, Profile> {
    return this.profilesConf.get('profiles') ?? {};
  }

  get(name: string): Profile | undefined {
    return this.list()[name];
  }

  active(): string | undefined {
    return this.profilesConf.get('active');
  }

  setActive(name: string | undefined): void {
    if (name === undefined) this.profilesConf.delete('active');
    else this.profilesConf.set('active', name);
  }

  /** Secret first, then profile: a profile never points at a secret that is not there. */
  save(name: string, profile: Profile, secret: ProfileSecret): void {
    const secrets = { ...this.secretsStore.store };
    secrets[name] = secret;
    this.secretsStore.store = secrets;
    this.profilesConf.set('profiles', { ...this.list(), [name]: profile });
  }

  remove(name: string): boolean {
    const profiles = { ...this.list() };
    if (!(name in profiles)) return false;
    delete profiles[name];
    this.profilesConf.set('profiles', profiles);
    if (this.active() === name) this.setActive(undefined);
    const secrets = { ...this.secretsStore.store };
    delete secrets[name];
    this.secretsStore.store = secrets;
    return true;
  }

  secret(name: string): ProfileSecret | undefined {
    return this.secretsStore.get(name);
  }
}
