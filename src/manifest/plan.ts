// Computing the plan of a whole manifest: projects checked first, then each app read and diffed.
import type { SpaceClient } from '../api/client.js';
import { appId } from '../api/ids.js';
import { checkSinks } from '../services/secrets/deliver.js';
import { planSinks } from '../services/secrets/sinks.js';
import { diffApp, type AppPlan } from './diff.js';
import { missingProjects, missingProjectsError, readLiveApp } from './live.js';
import type { Manifest } from './types.js';

export async function planManifest(api: SpaceClient, manifest: Manifest, o: { prune?: boolean; force?: boolean } = {}): Promise<AppPlan[]> {
  const missing = await missingProjects(api, manifest.apps);
  if (missing.length) throw missingProjectsError(missing);
  const plans: AppPlan[] = [];
  for (const d of manifest.apps) {
    const plan = diffApp(d, await readLiveApp(api, d, o), o);
    // Sinks are state too: a missing, stale or linked one is a change, one holding something else a refusal.
    const checks = await checkSinks(api, plan.app ? appId(plan.app.id) : undefined, d.secrets, (k) => `apps[${d.index}].secrets.${k}`);
    plan.sinks = planSinks(checks, { force: o.force, creating: plan.action === 'create' });
    plan.changes.push(...plan.sinks.changes);
    if (plan.action === 'none' && plan.sinks.changes.length) plan.action = 'update';
    plans.push(plan);
  }
  return plans;
}
