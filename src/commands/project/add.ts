// `spacectl project add`: authorize an app in projects by requesting project-level rights there.
import { appId, projectContext } from '../../api/ids.js';
import { getRequiredRights } from '../../api/rights.js';
import { allRights, isProjectLevel } from '../../domain/rights-catalog.js';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { ensureProjectsExist } from '../../services/rights/contexts.js';
import { resolveApp } from '../../services/apps/ref.js';
import { requireValues } from '../shared/inputs.js';
import { checkProjectLevel, projectKeys, resolveRightInputs, waitPlan, type WaitFlags } from '../../services/rights/inputs.js';
import { requestAndReport } from '../shared/rights-request.js';

export interface ProjectAddFlags extends WaitFlags { app?: string; right?: string[] }

export async function projectAdd(flags: ProjectAddFlags, f: Factory, args: string[]): Promise<number> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: () => f.prompter.input({ message: 'Application' }) }] as const);
  const keys = projectKeys(args, 'project key');
  if (!keys.length) throw new UsageError('give at least one project key, e.g. spacectl project add --app deploy-bot BACKEND');
  const given = resolveRightInputs(flags.right ?? []);
  checkProjectLevel(given, keys, 'project');
  const wait = waitPlan(flags);

  const api = await f.api();
  const app = await resolveApp(api, ref);
  await ensureProjectsExist(api, keys);
  let codes = given.map((r) => r.code);
  if (!codes.length) {
    const projectLevel = new Set(allRights().filter(isProjectLevel).map((r) => r.code));
    codes = (await getRequiredRights(api, appId(app.id))).map((r) => r.code).filter((c) => projectLevel.has(c));
    if (!codes.length) {
      throw new UsageError(`${app.name} has no project-level required rights to request in ${keys.join(', ')}`,
        `Pass --right <right> (e.g. --right Project.Issues.View), or declare them first with \`spacectl rights request --app id:${app.id} --project ${keys[0]} <right>…\`.`);
    }
  }
  return requestAndReport(f, api, app, codes, keys.map(projectContext), wait);
}
