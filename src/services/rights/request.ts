// Requesting rights for an app (Space HTTP API): declare them as required, then file requests in each
// context for only what is not already granted or requested, so a re-run sends no write at all.
import type { SpaceClient } from '../../api/client.js';
import { type AppIdentifier, type Context } from '../../api/ids.js';
import { getAuthorizedRights, getRequiredRights } from '../../api/rights.js';
import type { Right, RightStatus } from '../../api/types.js';
import { allRights } from '../../domain/rights-catalog.js';
import { executeOps } from '../ops.js';
import { planContextRights, planRequired, type RequestAction } from './plan.js';

export interface RequestRightsOptions {
  app: AppIdentifier;
  /** Right codes, already resolved against the catalog and checked against the contexts. */
  rights: string[];
  contexts: Context[];
}

/** As the requester sees it: granted, pending an administrator, rejected, or (unexpectedly) absent. */
export type RequestStatus = 'granted' | 'pending' | 'rejected' | 'none';
export type { RequestAction } from './plan.js';

export interface RequestedRight { code: string; name: string; status: RequestStatus; action: RequestAction }
export interface ContextRequest { context: Context; rights: RequestedRight[] }
export interface RequestRightsResult {
  /** Codes newly added to the app's required rights. */
  requiredAdded: string[];
  contexts: ContextRequest[];
  /** PATCH requests sent (0 on a re-run). */
  writes: number;
}

export function requestStatusOf(s: RightStatus | undefined): RequestStatus {
  switch (s) {
    case 'GRANTED': return 'granted';
    case 'REQUESTED': return 'pending';
    case 'REJECTED': return 'rejected';
    default: return 'none';
  }
}

let catalogNames: Map<string, string> | undefined;
export function rightName(code: string, fromServer?: string): string {
  if (fromServer) return fromServer;
  catalogNames ??= new Map(allRights().map((r) => [r.code, r.name]));
  return catalogNames.get(code) ?? code;
}

const byCode = (rights: Right[]) => new Map(rights.map((r) => [r.code, r]));

export async function requestAppRights(api: SpaceClient, o: RequestRightsOptions): Promise<RequestRightsResult> {
  let writes = 0;
  // The rights are declared required (app-wide) and requested in the contexts asked for, and nowhere else.
  const required = planRequired((await getRequiredRights(api, o.app)).map((r) => r.code), { add: o.rights });
  await executeOps(api, o.app, required.ops);
  writes += required.ops.length;
  const requiredAdded = required.ops.flatMap((op) => (op.op === 'update-required-rights' ? op.add : []));

  const contexts: ContextRequest[] = [];
  for (const context of o.contexts) {
    const before = await getAuthorizedRights(api, o.app, context);
    const plan = planContextRights(context, before, { want: o.rights });
    let after = byCode(before);
    if (plan.ops.length) {
      await executeOps(api, o.app, plan.ops);
      writes += plan.ops.length;
      // Space decides at once whether the requester's own rights cover it; read back what it decided.
      after = byCode(await getAuthorizedRights(api, o.app, context));
    }
    contexts.push({
      context,
      rights: o.rights.map((code) => ({ code, name: rightName(code, after.get(code)?.name), status: requestStatusOf(after.get(code)?.status), action: plan.actions.get(code)! })),
    });
  }
  return { requiredAdded, contexts, writes };
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Called after each polling round with the number of rights still pending. */
  onPoll?: (pending: number) => void;
  /** Stops the wait (Ctrl+C): the outcome is then 'cancelled'. */
  signal?: AbortSignal;
}

export type WaitOutcome = 'granted' | 'rejected' | 'timeout' | 'cancelled';

/** A sleep that ends early when the signal aborts. */
function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => { clearTimeout(t); signal?.removeEventListener('abort', done); resolve(); };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Polls the contexts with pending rights until all are granted, one is rejected, or the time is up. */
export async function waitForDecision(api: SpaceClient, app: AppIdentifier, result: RequestRightsResult, o: WaitOptions): Promise<{ outcome: WaitOutcome; result: RequestRightsResult }> {
  const sleep = o.sleep ?? ((ms: number) => abortableSleep(ms, o.signal));
  const now = o.now ?? Date.now;
  const deadline = now() + o.timeoutMs;
  let current = result;
  const pendingCount = (r: RequestRightsResult) => r.contexts.reduce((n, c) => n + c.rights.filter((x) => x.status === 'pending').length, 0);
  // A right that is neither granted nor pending (rejected, or withdrawn to NONE) ends the wait.
  const anyRejected = (r: RequestRightsResult) => r.contexts.some((c) => c.rights.some((x) => x.status === 'rejected' || x.status === 'none'));
  for (;;) {
    if (anyRejected(current)) return { outcome: 'rejected', result: current };
    if (pendingCount(current) === 0) return { outcome: 'granted', result: current };
    const left = deadline - now();
    if (left <= 0) return { outcome: 'timeout', result: current };
    await sleep(Math.min(o.intervalMs, left));
    if (o.signal?.aborted) return { outcome: 'cancelled', result: current };
    const contexts: ContextRequest[] = [];
    for (const c of current.contexts) {
      if (!c.rights.some((r) => r.status === 'pending')) { contexts.push(c); continue; }
      let fresh;
      try {
        fresh = byCode(await getAuthorizedRights(api, app, c.context));
      } catch (e) {
        if (o.signal?.aborted) return { outcome: 'cancelled', result: current };
        throw e;
      }
      contexts.push({ context: c.context, rights: c.rights.map((r) => ({ ...r, status: requestStatusOf(fresh.get(r.code)?.status) })) });
    }
    current = { ...current, contexts };
    o.onPoll?.(pendingCount(current));
  }
}
