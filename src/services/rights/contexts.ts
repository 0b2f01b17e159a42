// Contexts of an application and the projects behind them.
import type { SpaceClient } from '../../api/client.js';
import { isApiError } from '../../api/errors.js';
import { contextOf, type AppIdentifier, type Context } from '../../api/ids.js';
import { getProject, listProjects } from '../../api/misc.js';
import { getAuthorizedContexts } from '../../api/rights.js';
import type { Project } from '../../api/types.js';
import { CliError, ExitCode } from '../../errors.js';

/**
 * The contexts an app is authorized in (one GET). Kinds spacectl cannot address by key (private projects,
 * channels) are counted in `skipped` rather than silently dropped.
 */
export async function appContexts(api: SpaceClient, app: AppIdentifier): Promise<{ contexts: Context[]; skipped: string[] }> {
  const contexts: Context[] = [];
  const skipped: string[] = [];
  for (const c of await getAuthorizedContexts(api, app)) {
    const ctx = contextOf(c);
    if (ctx) contexts.push(ctx);
    else skipped.push(c.className);
  }
  return { contexts, skipped };
}

export class ProjectNotFoundError extends CliError {
  constructor(readonly key: string, existing: string[], more: boolean) {
    super(
      `no project with key ${key}${existing.length ? `; existing projects: ${existing.join(', ')}${more ? ', …' : ''}` : ''}`,
      ExitCode.Error,
      'Project keys are shown in Space under Projects; check the spelling.',
    );
  }
}

const LISTED_KEYS = 20;

/** The project of `key`, or undefined when there is none (or the caller cannot see it). One GET. */
export async function findProject(api: SpaceClient, key: string): Promise<Project | undefined> {
  try {
    return await getProject(api, key);
  } catch (e) {
    if (isApiError(e, 'not-found')) return undefined;
    throw e;
  }
}

/** Checks every key (`GET /projects/key:KEY`) before anything changes; the first unknown key is an error. */
export async function ensureProjectsExist(api: SpaceClient, keys: string[]): Promise<Project[]> {
  const out: Project[] = [];
  for (const key of keys) {
    const project = await findProject(api, key);
    if (project) out.push(project);
    else {
      const existing: string[] = [];
      let more = false;
      try {
        for await (const p of listProjects(api)) {
          if (existing.length >= LISTED_KEYS) { more = true; break; }
          existing.push(p.key.key);
        }
      } catch {
        // Listing is only a courtesy for the message.
      }
      throw new ProjectNotFoundError(key, existing, more);
    }
  }
  return out;
}
