// Computing the plan of a whole manifest: projects checked first, then each app read and diffed.
import type { SpaceClient } from '../api/client.js';
import { diffApp, type AppPlan } from './diff.js';
import { missingProjects, missingProjectsError, readLiveApp } from './live.js';
import type { Manifest } from './types.js';

export async function planManifest(api: SpaceClient, manifest: Manifest, o: { prune?: boolean } = {}): Promise<AppPlan[]> {
  const missing = await missingProjects(api, manifest.apps);
  if (missing.length) throw missingProjectsError(missing);
  const plans: AppPlan[] = [];
  for (const d of manifest.apps) plans.push(diffApp(d, await readLiveApp(api, d, o), o));
  return plans;
}
