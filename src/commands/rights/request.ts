// `spacectl rights request`: declare rights as required and request them in global and/or project contexts.
import type { SpaceClient } from '../../api/client.js';
import { appId, type Context } from '../../api/ids.js';
import type { App } from '../../api/types.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson, warn } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { ensureProjectsExist } from '../../services/rights/contexts.js';
import { requestAppRights, waitForDecision, type WaitOutcome } from '../../services/rights/request.js';
import { resolveApp } from '../shared/app-ref.js';
import { requireValues } from '../shared/inputs.js';
import { checkProjectLevel, operationRights, parsePositive, projectKeys, requestContexts, resolveRightInputs } from './inputs.js';
import { countStatuses, printRequestResult, rejectedRights } from './request-output.js';

export interface WaitFlags { wait?: boolean; timeout?: string; interval?: string }
export interface RightsRequestFlags extends WaitFlags { app?: string; global?: boolean; project?: string[]; for?: string }

export interface WaitPlan { timeoutMs: number; intervalMs: number }

/** Validates --wait/--timeout/--interval (usage errors before anything is sent). */
export function waitPlan(flags: WaitFlags): WaitPlan | undefined {
  if (!flags.wait) {
    if (flags.timeout !== undefined || flags.interval !== undefined) throw new UsageError('--timeout and --interval only apply with --wait');
    return undefined;
  }
  return { timeoutMs: parsePositive(flags.timeout, '--timeout', 300) * 1000, intervalMs: parsePositive(flags.interval, '--interval', 5) * 1000 };
}

export async function rightsRequest(flags: RightsRequestFlags, f: Factory, args: string[]): Promise<number> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: () => f.prompter.input({ message: 'Application' }) }] as const);
  const keys = projectKeys(flags.project);
  const op = flags.for !== undefined ? operationRights(flags.for) : undefined;
  if (!args.length && !op) {
    throw new UsageError('give the rights to request (codes or names), or --for "<METHOD> <path>"', 'e.g. spacectl rights request --app deploy-bot Project.Issues.View "View team directory"');
  }
  const given = resolveRightInputs(args);
  const rights = [...new Map([...given, ...(op?.rights ?? [])].map((r) => [r.code, r])).values()];
  if (!rights.length) {
    // Only --for, and Space lists no rights for that call.
    if (f.io.json) printJson(f.io, { app: { ref }, requiredRightsAdded: [], contexts: [], summary: { granted: 0, pending: 0, rejected: 0 } });
    else info(f.io, `${op!.method} ${op!.path} needs no rights; nothing to request.`);
    return ExitCode.Ok;
  }
  checkProjectLevel(rights, keys);
  const wait = waitPlan(flags);

  const api = await f.api();
  const app = await resolveApp(api, ref);
  await ensureProjectsExist(api, keys);
  return requestAndReport(f, api, app, rights.map((r) => r.code), requestContexts(flags.global, keys), wait);
}

/** Requests, optionally waits, renders; exit 0 all granted, 8 pending, 1 rejected while waiting. */
export async function requestAndReport(f: Factory, api: SpaceClient, app: App, codes: string[], contexts: Context[], wait: WaitPlan | undefined): Promise<number> {
  const id = appId(app.id);
  let result = await withSpinner(f.io, `Requesting ${codes.length} ${codes.length === 1 ? 'right' : 'rights'} for ${app.name}`, () => requestAppRights(api, { app: id, rights: codes, contexts }));
  let outcome: WaitOutcome | undefined;
  if (wait && countStatuses(result).pending > 0) {
    info(f.io, `Waiting up to ${Math.round(wait.timeoutMs / 1000)}s for an administrator to decide on ${countStatuses(result).pending} pending right(s)…`);
    ({ outcome, result } = await waitForDecision(api, id, result, wait));
  }
  printRequestResult(f.io, app, result, outcome);
  const counts = countStatuses(result);
  if (outcome === 'rejected') throw new CliError(`not granted: ${rejectedRights(result).join(', ')}`, ExitCode.Error, 'Ask the approver why, or request them again.');
  if (outcome === 'timeout') warn(f.io, `Still pending after ${Math.round(wait!.timeoutMs / 1000)}s (exit code 8).`);
  return counts.pending > 0 ? ExitCode.PendingApproval : ExitCode.Ok;
}
