// Rendering of a rights request (shared by `rights request` and `project add`).
import { contextLabel, contextString } from '../../api/ids.js';
import type { App } from '../../api/types.js';
import { info, printJson, printTable, success, warn } from '../../io/output.js';
import type { IO } from '../../io/io.js';
import { approverFor } from '../../services/rights/approvers.js';
import type { RequestedRight, RequestRightsResult, WaitOutcome } from '../../services/rights/request.js';

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
    app: { id: app.id, name: app.name },
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

export function printRequestResult(io: IO, app: App, r: RequestRightsResult, wait?: WaitOutcome): void {
  if (io.json) return printJson(io, requestJson(app, r, wait));
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
  if (counts.pending === 0 && counts.rejected === 0) success(io, `All ${counts.granted} requested ${counts.granted === 1 ? 'right is' : 'rights are'} granted.`);
  else if (counts.pending && !wait) info(io, `${counts.pending} pending approval (exit code 8). Check with \`spacectl rights list --app id:${app.id} --all-contexts\`, or re-run with --wait.`);
}

export function rejectedRights(r: RequestRightsResult): string[] {
  return r.contexts.flatMap((c) => c.rights.filter((x) => x.status === 'rejected' || x.status === 'none').map((x) => `${x.code} in ${contextLabel(c.context)}`));
}
