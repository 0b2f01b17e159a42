// `spacectl rights request`: declare rights as required and request them in global and/or project contexts.
import { ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson } from '../../io/output.js';
import { appSummary, resolveApp } from '../../services/apps/ref.js';
import { ensureProjectsExist } from '../../services/rights/contexts.js';
import { checkProjectLevel, operationRights, projectKeys, requestContexts, resolveRightInputs, waitPlan, type WaitFlags } from '../../services/rights/inputs.js';
import { requireValues } from '../shared/inputs.js';
import { requestAndReport } from '../shared/rights-request.js';

export interface RightsRequestFlags extends WaitFlags { app?: string; global?: boolean; project?: string[]; for?: string }

export async function rightsRequest(flags: RightsRequestFlags, f: Factory, args: string[]): Promise<number> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: () => f.prompter.input({ message: 'Application' }) }] as const);
  const keys = projectKeys(flags.project);
  const op = flags.for !== undefined ? operationRights(flags.for) : undefined;
  if (!args.length && !op) {
    throw new UsageError('give the rights to request (codes or names), or --for "<METHOD> <path>"', 'e.g. spacectl rights request --app deploy-bot Project.Issues.View "View team directory"');
  }
  const given = resolveRightInputs(args);
  const rights = [...new Map([...given, ...(op?.rights ?? [])].map((r) => [r.code, r])).values()];
  if (rights.length) checkProjectLevel(rights, keys);
  const wait = rights.length ? waitPlan(flags) : undefined;

  const api = await f.api();
  const app = await resolveApp(api, ref);
  if (!rights.length) {
    // Only --for, and Space lists no rights for that call: nothing to request, but the app must exist.
    if (f.io.json) printJson(f.io, { app: appSummary(app), requiredRightsAdded: [], contexts: [], summary: { granted: 0, pending: 0, rejected: 0 } });
    else info(f.io, `${op!.method} ${op!.path} needs no rights; nothing to request.`);
    return ExitCode.Ok;
  }
  await ensureProjectsExist(api, keys);
  return requestAndReport(f, api, app, rights.map((r) => r.code), requestContexts(flags.global, keys), wait);
}

