// In-memory model of the emulated organisation plus JSON persistence (debounced atomic writes).
import fs from 'node:fs';
import path from 'node:path';
import { PROJECTS, USERS, type ProjectSeed, type UserSeed } from './seed.js';

export type RightStatus = 'NONE' | 'REQUESTED' | 'GRANTED' | 'REJECTED';
export type AuthKind = 'PublicKeySignature' | 'SigningKey' | 'Bearer' | 'Basic';
export interface PrincipalRef { kind: 'user' | 'app'; id: string }
export interface RightRecord { status: RightStatus; by: PrincipalRef; at: string }
export interface AccessRecord { time: string; address: string; userAgent: string | null }
export interface SshKeyRecord { fingerprint: string; sha256fingerprint: string; publicKey: string; comment: string; createdAt: string }
export interface PermanentTokenRecord { id: string; name: string; scope: string; created: string; expires: string | null; token: string; lastAccess: AccessRecord | null }

export interface AppRecord {
  id: string;
  clientId: string;
  clientSecret: string;
  name: string;
  description: string | null;
  email: string | null;
  pictureAttachmentId: string | null;
  defaultExternalPicture: string | null;
  clientCredentialsFlowEnabled: boolean;
  codeFlowEnabled: boolean;
  codeFlowRedirectURIs: string | null;
  pkceRequired: boolean | null;
  implicitFlowEnabled: boolean;
  implicitFlowRedirectURIs: string | null;
  endpointUri: string | null;
  endpointSslVerification: boolean | null;
  appLevelAuth: AuthKind | null;
  hasSigningKey: boolean;
  signingKey: string | null;
  hasVerificationToken: boolean;
  verificationToken: string | null;
  hasPublicKeySignature: boolean;
  bearerAuthToken: string | null;
  basicAuthUsername: string | null;
  basicAuthPassword: string | null;
  sslKeystoreAuth: string | null;
  connectToSpace: boolean;
  owner: PrincipalRef;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  requiredRights: string[];
  /** Context key (`global`, `project:<projectId>`) → right code → record. */
  contexts: Record<string, Record<string, RightRecord>>;
  sshKeys: SshKeyRecord[];
  permanentTokens: PermanentTokenRecord[];
  lastClientCredentialsAccess: AccessRecord | null;
}

export interface User extends UserSeed { token: string }
export type Project = ProjectSeed;

interface StateFile { version: 1; apps: AppRecord[] }

export class State {
  readonly users: User[];
  readonly usersById = new Map<string, User>();
  readonly usersByName = new Map<string, User>();
  readonly usersByToken = new Map<string, User>();
  readonly projects: Project[] = PROJECTS;
  readonly projectsById = new Map<string, Project>(PROJECTS.map((p) => [p.id, p]));
  readonly projectsByKey = new Map<string, Project>(PROJECTS.map((p) => [p.key, p]));

  // Apps: insertion-ordered Map (creation order) plus O(1) secondary indexes.
  readonly apps = new Map<string, AppRecord>();
  readonly appsByClientId = new Map<string, AppRecord>();
  private readonly appsByName = new Map<string, AppRecord>(); // non-archived only
  /** Permanent token value → owning app and token id. */
  readonly permanentTokens = new Map<string, { appId: string; tokenId: string }>();
  /** Bumped on every app mutation. */
  version = 0;
  /** Bumped only when the set of apps or their names/archived flags change; name-filtered list caches key on it. */
  listVersion = 0;
  /** Lower-cased names for the case-insensitive `name` filter, kept current so listing never re-lowercases 5,000 names. */
  readonly lowerNames = new Map<AppRecord, string>();

  private saveTimer: NodeJS.Timeout | undefined;
  private firstUnsaved = 0;
  private lastSerializeMs = 0;
  private saving: Promise<void> = Promise.resolve();

  constructor(tokens: { admin: string; projectAdmin: string; member: string }, private readonly statePath?: string) {
    const tokenFor = { admin: tokens.admin, projectAdmin: tokens.projectAdmin, member: tokens.member };
    this.users = USERS.map((u) => ({ ...u, token: tokenFor[u.role] }));
    for (const u of this.users) {
      this.usersById.set(u.id, u);
      this.usersByName.set(u.username, u);
      this.usersByToken.set(u.token, u);
    }
    if (statePath && fs.existsSync(statePath)) this.load(statePath);
  }

  private load(file: string): void {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as StateFile;
    for (const a of data.apps ?? []) this.addApp(a);
  }

  // ------------------------------------------------------------ apps

  addApp(app: AppRecord): void {
    this.apps.set(app.id, app);
    this.appsByClientId.set(app.clientId, app);
    if (!app.archived) this.appsByName.set(app.name, app);
    this.lowerNames.set(app, app.name.toLowerCase());
    for (const t of app.permanentTokens) this.permanentTokens.set(t.token, { appId: app.id, tokenId: t.id });
    this.listVersion++;
    this.touch();
  }

  removeApp(app: AppRecord): void {
    this.apps.delete(app.id);
    this.appsByClientId.delete(app.clientId);
    if (this.appsByName.get(app.name) === app) this.appsByName.delete(app.name);
    for (const t of app.permanentTokens) this.permanentTokens.delete(t.token);
    this.lowerNames.delete(app);
    this.listVersion++;
    this.touch();
  }

  appByName(name: string): AppRecord | undefined {
    return this.appsByName.get(name);
  }

  rename(app: AppRecord, name: string): void {
    if (this.appsByName.get(app.name) === app) this.appsByName.delete(app.name);
    app.name = name;
    if (!app.archived) this.appsByName.set(name, app);
    this.lowerNames.set(app, name.toLowerCase());
    this.listVersion++;
  }

  /** Call after any mutation: invalidates list caches and schedules a state write. */
  touch(): void {
    this.version++;
    this.scheduleSave();
  }

  /** A change that does not affect listings (e.g. last-access records): only schedules a write. */
  markDirty(): void {
    this.scheduleSave();
  }

  // ------------------------------------------------------------ persistence

  /**
   * Trailing debounce of 50 ms, but never postponed for longer than maxWait: under sustained load
   * (benchmarks) the file is rewritten about once a second instead of 20 times, since serialising
   * thousands of apps costs tens of milliseconds of event-loop time.
   */
  private scheduleSave(): void {
    if (!this.statePath) return;
    const now = Date.now();
    if (!this.saveTimer) this.firstUnsaved = now;
    else clearTimeout(this.saveTimer);
    const maxWait = Math.max(1000, this.lastSerializeMs * 20);
    const delay = Math.max(0, Math.min(50, this.firstUnsaved + maxWait - now));
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, delay);
    this.saveTimer.unref?.();
  }

  private save(): Promise<void> {
    const file = this.statePath;
    if (!file) return Promise.resolve();
    // Serialise synchronously (a consistent snapshot), write asynchronously; writes are chained.
    const t0 = Date.now();
    const json = JSON.stringify({ version: 1, apps: [...this.apps.values()] } satisfies StateFile);
    this.lastSerializeMs = Date.now() - t0;
    this.saving = this.saving.then(async () => {
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // It holds client secrets: owner-only, and replaced atomically (a crash leaves the old file or the new one).
      await fs.promises.writeFile(tmp, json, { mode: 0o600 });
      await fs.promises.chmod(tmp, 0o600); // the umask may have cut the mode above; never widened
      await fs.promises.rename(tmp, file);
    }).catch((e: unknown) => {
      process.emitWarning(`space emulator: could not write state file ${file}: ${String(e)}`);
    });
    return this.saving;
  }

  /** Writes pending changes now (used by close()). */
  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      await this.save();
    }
    await this.saving;
  }
}

export function globalContextKey(): string { return 'global'; }
export function projectContextKey(p: Project): string { return `project:${p.id}`; }
