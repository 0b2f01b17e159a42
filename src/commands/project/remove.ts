// `spacectl project remove`: withdraw an app's authorization (all its rights) in one project.
import { appId, contextOf } from '../../api/ids.js';
import { getAuthorizedContexts } from '../../api/rights.js';
import { executeOps } from '../../services/ops.js';
import { planProjectAuthorizations } from '../../services/rights/plan.js';
import type { Factory } from '../../factory.js';
import { info, printJson, success } from '../../io/output.js';
import { appSummary, resolveApp } from '../../services/apps/ref.js';
import { confirmOrRefuse, requireValues } from '../shared/inputs.js';
import { projectKeys } from '../../services/rights/inputs.js';
import { ensureProjectsExist } from '../../services/rights/contexts.js';
import { dryRunOf } from '../shared/dry-run.js';

export async function projectRemove(flags: { app?: string; yes?: boolean; dryRun?: boolean }, f: Factory, args: string[]): Promise<number | void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: () => f.prompter.input({ message: 'Application' }) }] as const);
  const [key] = projectKeys(args.slice(0, 1), 'project key') as [string];
  const api = await f.api();
  const app = await resolveApp(api, ref);
  const id = appId(app.id);
  await ensureProjectsExist(api, [key]); // "no project NOPE", exit 1, as project add says
  const authorized = (await getAuthorizedContexts(api, id)).some((c) => { const ctx = contextOf(c); return ctx?.kind === 'project' && ctx.key === key; });
  if (!authorized) {
    if (f.io.json) return printJson(f.io, { removed: false, reason: 'not-authorized', app: appSummary(app), project: key });
    return info(f.io, `${app.name} is not authorized in project ${key}; nothing to remove.`);
  }
  const dry = dryRunOf(f, api);
  if (dry) {
    dry.add(planProjectAuthorizations([key], []).ops, id);
    return dry.report(app);
  }
  await confirmOrRefuse(f, { yes: flags.yes, message: `Remove ${app.name}'s authorization in project ${key}? All its rights there are withdrawn.`, what: `remove ${app.name} from project ${key}` });
  await executeOps(api, id, planProjectAuthorizations([key], []).ops);
  if (f.io.json) return printJson(f.io, { removed: true, app: appSummary(app), project: key });
  success(f.io, `Removed ${app.name}'s authorization in project ${key}.`);
}
