// Which apps a batch rights command looks at: explicit --app refs (resolved up front, so an unknown name
// fails before anything changes) or every app, streamed page by page.
import { listApps } from '../../api/apps.js';
import type { SpaceClient } from '../../api/client.js';
import { appSummary, resolveApp } from '../apps/ref.js';
import type { AppTarget } from './authorize.js';

/** Resolves each ref once; duplicates (by id) are dropped, order kept. */
export async function resolveTargets(api: SpaceClient, refs: string[]): Promise<AppTarget[]> {
  const seen = new Map<string, AppTarget>();
  for (const ref of refs) {
    const a = await resolveApp(api, ref);
    seen.set(a.id, appSummary(a));
  }
  return [...seen.values()];
}

/** Every app, page by page: the listing is never held in memory. */
export async function* streamApps(api: SpaceClient): AsyncGenerator<AppTarget> {
  for await (const a of listApps(api)) yield appSummary(a);
}
