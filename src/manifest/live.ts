// Reading the live state of the apps a manifest describes. Read-only, and only what the manifest mentions.
import { getApp } from '../api/apps.js';
import { readBearerToken } from '../services/endpoint/settings.js';
import type { SpaceClient } from '../api/client.js';
import { GLOBAL, appId, contextOf, contextString, projectContext, type AppIdentifier, type Context } from '../api/ids.js';
import { listSshKeys } from '../api/misc.js';
import { getAuthorizedContexts, getAuthorizedRights, getRequiredRights } from '../api/rights.js';
import type { App, Right, SshKeyData } from '../api/types.js';
import { findAppByName } from '../services/apps/ref.js';
import { findProject } from '../services/rights/contexts.js';
import { CliError, ExitCode } from '../errors.js';
import type { DesiredApp } from './types.js';

export interface LiveApp {
  app: App;
  id: AppIdentifier;
  /** Read when the manifest has `rights`. */
  requiredRights?: Right[];
  /** Authorized rights per context string (`global`, `project:key:BACKEND`), for the contexts that were read. */
  contexts: Map<string, Right[]>;
  /** Project keys the app is authorized in (read for --prune and export). */
  authorizedProjects?: string[];
  /** Other contexts it is authorized in, which a manifest cannot name (a project these credentials cannot see, a channel). */
  otherContexts?: string[];
  /** Read when the manifest has `sshKeys`. */
  sshKeys?: SshKeyData[];
  /** The stored endpoint bearer token, read when the manifest gives one to compare; undefined = not read (or not allowed). */
  bearerToken?: string | null;
}

export interface ReadOptions {
  /** Also read what the manifest does not list (authorized contexts), so it can be pruned. */
  prune?: boolean;
}

/** The live app named like `desired`, or undefined when there is none. */
export async function readLiveApp(api: SpaceClient, desired: DesiredApp, o: ReadOptions = {}): Promise<LiveApp | undefined> {
  const found = await findAppByName(api, desired.name);
  if (!found) return undefined;
  const id = appId(found.id);
  const app = await getApp(api, id);
  const live: LiveApp = { app, id, contexts: new Map() };
  if (desired.rights) {
    live.requiredRights = await getRequiredRights(api, id);
    const contexts: Context[] = [GLOBAL, ...(desired.rights.projects ?? []).map((p) => projectContext(p.key))];
    if (o.prune && desired.rights.projects) {
      const authorized = await authorizedContexts(api, id);
      Object.assign(live, authorized);
      for (const k of authorized.authorizedProjects) if (!contexts.some((c) => c.kind === 'project' && c.key === k)) contexts.push(projectContext(k));
    }
    for (const c of contexts) live.contexts.set(contextString(c), await getAuthorizedRights(api, id, c));
  }
  if (desired.sshKeys) live.sshKeys = await listSshKeys(api, id);
  const auth = desired.endpoint?.appLevelAuth;
  // Read only to compare with a token the manifest can give; not allowed to read it = cannot compare (left as it is).
  if (auth?.kind === 'bearer' && auth.token.value !== undefined) live.bearerToken = await readBearerToken(api, app);
  return live;
}

/** Everything about an app, for `app export`. */
export async function readWholeApp(api: SpaceClient, app: App): Promise<LiveApp> {
  const id = appId(app.id);
  const live: LiveApp = { app, id, contexts: new Map(), requiredRights: await getRequiredRights(api, id), ...await authorizedContexts(api, id) };
  for (const c of [GLOBAL, ...live.authorizedProjects!.map(projectContext)]) live.contexts.set(contextString(c), await getAuthorizedRights(api, id, c));
  live.sshKeys = await listSshKeys(api, id);
  return live;
}

async function authorizedContexts(api: SpaceClient, id: AppIdentifier): Promise<{ authorizedProjects: string[]; otherContexts: string[] }> {
  const keys: string[] = [];
  const other: string[] = [];
  for (const c of await getAuthorizedContexts(api, id)) {
    const ctx = contextOf(c);
    if (ctx?.kind === 'project') {
      if (!keys.includes(ctx.key)) keys.push(ctx.key);
    } else if (!ctx) {
      other.push(c.className === 'PrivateProjectPermissionContext' ? `a project these credentials cannot see${c.projectId ? ` (id:${c.projectId})` : ''}`
        : /Channel/.test(c.className) ? 'a channel' : String(c.className));
    }
  }
  return { authorizedProjects: keys, otherContexts: other };
}

/** Every project the manifest names must exist before anything is written. Returns the missing ones. */
export async function missingProjects(api: SpaceClient, apps: DesiredApp[]): Promise<Array<{ app: DesiredApp; key: string }>> {
  const checked = new Map<string, boolean>();
  const missing: Array<{ app: DesiredApp; key: string }> = [];
  for (const a of apps) {
    for (const p of a.rights?.projects ?? []) {
      if (!checked.has(p.key)) checked.set(p.key, (await findProject(api, p.key)) !== undefined);
      if (checked.get(p.key) === false) missing.push({ app: a, key: p.key });
    }
  }
  return missing;
}

export function missingProjectsError(missing: Array<{ app: DesiredApp; key: string }>): CliError {
  const list = missing.map((m) => `${m.key} (apps[${m.app.index}] ${m.app.name})`).join(', ');
  return new CliError(`the manifest names projects that do not exist or are not visible: ${list}`, ExitCode.Error, 'Check the project keys in Space, and that these credentials may view those projects.');
}
