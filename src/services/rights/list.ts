// Reading an app's rights across contexts (for `rights list` and `project list`).
import type { SpaceClient } from '../../api/client.js';
import type { AppIdentifier, Context } from '../../api/ids.js';
import { getAuthorizedRights } from '../../api/rights.js';
import type { Right } from '../../api/types.js';
import { appContexts } from './contexts.js';

export interface ContextRights { context: Context; rights: Right[] }

/** `contexts: 'all'` reads the app's authorized contexts first (one GET), then one GET per context. */
export async function listAppRights(api: SpaceClient, app: AppIdentifier, contexts: Context[] | 'all'): Promise<ContextRights[]> {
  const list = contexts === 'all' ? (await appContexts(api, app)).contexts : contexts;
  const out: ContextRights[] = [];
  for (const context of list) out.push({ context, rights: await getAuthorizedRights(api, app, context) });
  return out;
}
