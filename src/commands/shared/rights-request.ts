// Requesting rights and rendering the result (shared by `rights request` and `project add`).
import { appSummary } from '../../services/apps/ref.js';
import type { SpaceClient } from '../../api/client.js';
import { appId, contextLabel, contextString, type Context } from '../../api/ids.js';
import type { App } from '../../api/types.js';
import { CancelledError, CliError, ExitCode } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson, printTable, success, warn } from '../../io/output.js';
import type { IO } from '../../io/io.js';
import { withSpinner } from '../../io/spinner.js';
import { dryRunOf } from './dry-run.js';
import { approverFor } from '../../services/rights/approvers.js';
import type { WaitPlan } from '../../services/rights/inputs.js';
import { requestAppRights, waitForDecision, type RequestedRight, type RequestRightsResult, type WaitOutcome } from '../../services/rights/request.js';

export interface RequestCounts { granted: number; pending: number; rejected: number }

export function countStatuses(r: RequestRightsResult): RequestCounts {
  const c: RequestCounts = { granted: 0, pending: 0, rejected: 0 };
  for (const ctx of r.contexts) for (const x of ctx.rights) {
    if (x.status === 'granted') c.granted++;
    else if (x.status === 'rejected') c.rejected++;
    else c.pending++; // 'none' (not on record after a request) is not granted either
  }
  return c;
}

export function requestJson(app: App, r: RequestRightsResult, wait?: WaitOutcome) {
  return {
    app: appSummary(app),
    requiredRightsAdded: r.requiredAdded,
    contexts: r.contexts.map((c) => ({
      context: contextString(c.context),
      ...(c.rights.some((x) => x.status !== 'granted') ? { approver: approverFor(c.context) } : {}),
      rights: c.rights.map((x) => ({ code: x.code, name: x.name, status: x.status, action: x.action })),
    })),
    summary: countStatuses(r),
    ...(wait ? { wait } : {}),
  };
}

function statusText(x: RequestedRight): string {
  switch (x.action) {
    case 'already-granted': return 'granted (already)';
    case 'already-requested': return `${x.status} (already requested)`;
    case 're-requested': return `${x.status} (requested again after a rejection)`;
    default: return x.status;
  }
}

/** The result of a request; `'waiting'`: shown before --wait starts, the outcome follows (printWaitOutcome). */
export function printRequestResult(io: IO, app: App, r: RequestRightsResult, wait?: WaitOutcome | 'waiting'): void {
  if (io.json) return printJson(io, requestJson(app, r, wait === 'waiting' ? undefined : wait));
  if (r.requiredAdded.length) success(io, `Added to the required rights of ${app.name}: ${r.requiredAdded.join(', ')}`);
  const rerequested = r.contexts.flatMap((c) => c.rights.filter((x) => x.action === 're-requested').map((x) => `${x.code} (${contextLabel(c.context)})`));
  if (rerequested.length) warn(io, `Requested again, though an administrator rejected them before: ${rerequested.join(', ')}`);
  printTable(io, ['CONTEXT', 'RIGHT', 'NAME', 'STATUS'], r.contexts.flatMap((c) => c.rights.map((x) => [contextString(c.context), x.code, x.name, statusText(x)])));
  const counts = countStatuses(r);
  if (r.writes === 0) info(io, 'Nothing new to request; nothing changed.');
  for (const c of r.contexts) {
    const pending = c.rights.filter((x) => x.status === 'pending' || x.status === 'none');
    if (pending.length) info(io, `Pending in ${contextLabel(c.context)} (${pending.map((x) => x.code).join(', ')}): can be approved by ${approverFor(c.context)}.`);
  }
  if (counts.pending === 0 && counts.rejected === 0) success(io, allGranted(counts.granted));
  else if (counts.pending && !wait) info(io, `${counts.pending} pending approval (exit code 8). Check with \`spacectl rights list --app id:${app.id} --all-contexts\`, or re-run with --wait.`);
}

/**
 * After --wait: the JSON document; or the rows whose status changed while waiting (the table before the wait
 * already showed the rest) and one line on how the wait ended (a rejection is reported as an error).
 */
export function printWaitOutcome(io: IO, app: App, before: RequestRightsResult, r: RequestRightsResult, outcome: WaitOutcome): void {
  if (io.json) return printJson(io, requestJson(app, r, outcome));
  const old = new Map(before.contexts.flatMap((c) => c.rights.map((x) => [`${contextString(c.context)} ${x.code}`, x.status])));
  const changed = r.contexts.flatMap((c) => c.rights.filter((x) => old.get(`${contextString(c.context)} ${x.code}`) !== x.status).map((x) => [contextString(c.context), x.code, x.name, x.status]));
  if (changed.length) printTable(io, ['CONTEXT', 'RIGHT', 'NAME', 'STATUS'], changed);
  const counts = countStatuses(r);
  if (outcome === 'granted') success(io, allGranted(counts.granted));
}

export function rejectedRights(r: RequestRightsResult): string[] {
  return r.contexts.flatMap((c) => c.rights.filter((x) => x.status === 'rejected' || x.status === 'none').map((x) => `${x.code} in ${contextLabel(c.context)}`));
}

/** Requests, optionally waits, renders; exit 0 all granted, 8 pending, 1 rejected while waiting. */
export async function requestAndReport(f: Factory, api: SpaceClient, app: App, codes: string[], contexts: Context[], wait: WaitPlan | undefined): Promise<number> {
  const id = appId(app.id);
  const dry = dryRunOf(f, api);
  let result = await withSpinner(f.io, `Requesting ${codes.length} ${codes.length === 1 ? 'right' : 'rights'} for ${app.name}`, () => requestAppRights(api, { app: id, rights: codes, contexts }));
  if (dry) return dry.report(app);
  let outcome: WaitOutcome | undefined;
  if (wait && countStatuses(result).pending > 0) {
    // The result and who can approve come first: the person waiting may be the one to ask.
    if (!f.io.json) printRequestResult(f.io, app, result, 'waiting');
    const pending = countStatuses(result).pending;
    info(f.io, `Waiting up to ${Math.round(wait.timeoutMs / 1000)}s for an administrator to decide on ${pending} pending ${pending === 1 ? 'right' : 'rights'} (Ctrl+C stops waiting)…`);
    const before = result;
    ({ outcome, result } = await waitForDecision(api, id, result, { ...wait, signal: f.io.signal }));
    printWaitOutcome(f.io, app, before, result, outcome);
  } else {
    printRequestResult(f.io, app, result);
  }
  const counts = countStatuses(result);
  if (outcome === 'cancelled') throw new CancelledError('Cancelled: stopped waiting; the rights stay requested.');
  if (outcome === 'rejected') throw new CliError(`not granted: ${rejectedRights(result).join(', ')}`, ExitCode.Error, 'Ask the approver why, or request them again.');
  if (outcome === 'timeout') warn(f.io, `Still pending after ${Math.round(wait!.timeoutMs / 1000)}s (exit code 8).`);
  return counts.pending > 0 ? ExitCode.PendingApproval : ExitCode.Ok;
}

const allGranted = (n: number) => (n === 1 ? 'The requested right is granted.' : `All ${n} requested rights are granted.`);
