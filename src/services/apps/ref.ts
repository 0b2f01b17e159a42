// Resolving an application reference (`--app <ref>`, a manifest's app name): a name, `id:<id>` or `clientId:<clientId>`. Names are resolved with the paged list's filter + exact match.
import { getApp, listApps } from '../../api/apps.js';
import type { SpaceClient } from '../../api/client.js';
import { isApiError } from '../../api/errors.js';
import { appId, type AppIdentifier } from '../../api/ids.js';
import type { App } from '../../api/types.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';

export class NotFoundError extends CliError {}

/** How every command's JSON document names the app. */
export const appSummary = (app: Pick<App, 'id' | 'name' | 'clientId'>): AppSummary => ({ id: app.id, name: app.name, clientId: app.clientId });
export interface AppSummary { id: string; name: string; clientId: string }

export function parseAppRef(ref: string, flag = '--app'): { identifier?: AppIdentifier; name?: string } {
  const r = ref.trim();
  if (!r) throw new UsageError(`${flag} cannot be empty: give an app name, id:<id> or clientId:<clientId>`);
  const m = /^(id|clientId):(.+)$/.exec(r);
  if (m) return { identifier: `${m[1] as 'id' | 'clientId'}:${m[2]!}` };
  if (/^(name|clientid|ID):/i.test(r)) throw new UsageError(`${flag} "${r}": use a plain name, id:<id> or clientId:<clientId> (prefixes are case-sensitive)`);
  return { name: r };
}

/**
 * A name for a new or renamed application: no control characters (they break every table and log line it
 * appears in), and not something `--app` would read as a reference (`id:…`, `clientId:…`), which would make
 * the app unreachable by its name.
 */
export function validateAppName(name: string, flag = '--name'): string {
  if (!name.trim()) throw new UsageError(`${flag} cannot be empty`);
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f-\u009f]/.exec(name);
  if (control) throw new UsageError(`${flag} ${JSON.stringify(name)} contains a control character (${JSON.stringify(control[0])}); use printable text`);
  if (/^(id|clientId):/i.test(name.trim())) throw new UsageError(`${flag} "${name}" would be read as an application reference (id:… / clientId:…); choose a name that does not start with "${name.trim().split(':')[0]}:"`);
  return name;
}

/** Finds the app whose name is exactly `name`, or undefined. Space's `name` filter is a substring match. */
export async function findAppByName(api: SpaceClient, name: string): Promise<App | undefined> {
  const matches: App[] = [];
  for await (const a of listApps(api, { name })) if (a.name === name) matches.push(a);
  if (matches.length > 1) throw new CliError(`several applications are named "${name}": ${matches.map((a) => `id:${a.id}`).join(', ')}`, ExitCode.Error, 'Pass --app id:<id> to pick one.');
  return matches[0];
}

/**
 * Resolves a ref to the app's summary in one request: the list entry for a name (no second read of the whole
 * app), one GET for `id:`/`clientId:` (which also proves the app exists before anything is written).
 */
export async function resolveAppSummary(api: SpaceClient, ref: string, flag = '--app'): Promise<AppSummary> {
  const p = parseAppRef(ref, flag);
  if (p.identifier) return appSummary(await resolveApp(api, ref, flag));
  const app = await findAppByName(api, p.name!);
  if (!app) throw await notFound(api, p.name!);
  return appSummary(app);
}

/** Resolves and fetches the full app. */
export async function resolveApp(api: SpaceClient, ref: string, flag = '--app'): Promise<App> {
  const p = parseAppRef(ref, flag);
  if (p.identifier) {
    try {
      return await getApp(api, p.identifier);
    } catch (e) {
      if (isApiError(e, 'not-found')) throw new NotFoundError(`no application ${p.identifier}`, ExitCode.Error, 'List applications with `spacectl app list`.');
      throw e;
    }
  }
  const app = await findAppByName(api, p.name!);
  if (!app) throw await notFound(api, p.name!);
  return getApp(api, appId(app.id));
}

async function notFound(api: SpaceClient, name: string): Promise<NotFoundError> {
  // Suggest near misses: names containing the input, case-insensitively (the server filter already is).
  const similar: string[] = [];
  for await (const a of listApps(api, { name })) {
    similar.push(a.name);
    if (similar.length >= 5) break;
  }
  return new NotFoundError(`no application named "${name}"${similar.length ? `; similar: ${similar.join(', ')}` : ''}`, ExitCode.Error, 'Names are exact and case-sensitive; `spacectl app list --name <part>` searches.');
}
