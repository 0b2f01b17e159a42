// The rights planners, in Space's model (Space HTTP API; Space help "Request permissions"):
//  - required rights are ONE app-wide list (no context);
//  - rights are requested and granted PER CONTEXT (global, project:key:K); a project right held in the global
//    context means "in every project" and only a System Admin grants it;
//  - a project authorization is the app's context in that project (removed as a whole).
// Used by `rights request`, `project add/remove` and the manifest alike. Pure.
import { contextString, projectContext, type Context } from '../../api/ids.js';
import type { Right } from '../../api/types.js';
import type { Planned } from '../ops.js';

/** Manifest path of a context's rights (also the words of `changes`). */
export const rightsPath = (ctx: Context): string => (ctx.kind === 'project' ? `rights.projects.${ctx.key}` : 'rights.global');

/** `exact`: the list must become exactly this (codes not in it are removed); otherwise only `add`/`remove`. */
export interface RequiredIntent { add?: string[]; remove?: string[]; exact?: string[] }

/** The app-wide required rights: one `update-required-rights` op, or none. */
export function planRequired(live: string[], intent: RequiredIntent): Planned {
  const have = new Set(live);
  const want = intent.exact ?? intent.add ?? [];
  const add = [...new Set(want)].filter((c) => !have.has(c));
  const drop = intent.exact ? live.filter((c) => !intent.exact!.includes(c)) : (intent.remove ?? []).filter((c) => have.has(c));
  const plan: Planned = { ops: [], changes: [], notes: [] };
  if (add.length || drop.length) plan.ops.push({ op: 'update-required-rights', add, remove: drop });
  for (const c of add) plan.changes.push({ path: 'rights.required', op: 'add', to: c });
  for (const c of drop) plan.changes.push({ path: 'rights.required', op: 'remove', from: c });
  return plan;
}

export type RequestAction = 'requested' | 're-requested' | 'already-granted' | 'already-requested';

export interface ContextIntent {
  /** Rights that must be requested or granted in the context. */
  want: string[];
  /** Withdraw (status NONE) held rights that are not wanted. */
  prune?: boolean;
}

export interface ContextPlan extends Planned {
  context: Context;
  /** What happens to each wanted right. */
  actions: Map<string, RequestAction>;
  /** Wanted rights already requested, waiting for an administrator. */
  pending: string[];
}

const HELD = new Set(['REQUESTED', 'GRANTED']);

/** One context: request what is neither granted nor requested (a rejected right is requested again); with prune, withdraw the rest. */
export function planContextRights(context: Context, live: Right[], intent: ContextIntent): ContextPlan {
  const status = new Map(live.map((r) => [r.code, r]));
  const path = rightsPath(context);
  const plan: ContextPlan = { context, actions: new Map(), pending: [], ops: [], changes: [], notes: [] };
  const request: string[] = [];
  for (const code of new Set(intent.want)) {
    const s = status.get(code)?.status;
    const action: RequestAction = s === 'GRANTED' ? 'already-granted' : s === 'REQUESTED' ? 'already-requested' : s === 'REJECTED' ? 're-requested' : 'requested';
    plan.actions.set(code, action);
    if (action === 'already-requested') plan.pending.push(code);
    if (action !== 'requested' && action !== 're-requested') continue;
    request.push(code);
    plan.changes.push(action === 're-requested'
      ? { path, op: 'change', from: 'REJECTED', to: code, note: 'rejected before; will be requested again' }
      : { path, op: 'add', to: code, note: 'will be requested' });
  }
  if (request.length) plan.ops.push({ op: 'request-rights', context, codes: request });
  if (intent.prune) {
    const want = new Set(intent.want);
    const withdraw: string[] = [];
    for (const r of live) {
      if (want.has(r.code) || !HELD.has(r.status)) continue;
      if (r.editable === false) {
        plan.changes.push({ path, op: 'remove', from: r.code, blocked: true, note: `${r.status.toLowerCase()}; withdrawing it needs an administrator of this context` });
        continue;
      }
      withdraw.push(r.code);
      plan.changes.push({ path, op: 'remove', from: r.code, note: r.status === 'GRANTED' ? 'will be withdrawn' : 'request will be withdrawn' });
    }
    if (withdraw.length) plan.ops.push({ op: 'set-rights', context, updates: withdraw.map((code) => ({ code, status: 'NONE' as const })) });
  }
  return plan;
}

/**
 * Project authorizations: remove the app's context in each authorized project that is not kept. With `rightsIn`
 * (a prune), a project where the app holds nothing (only rejected or withdrawn rights) is left alone: a manifest
 * cannot list it (an export leaves it out), so removing it would make every export of that app "out of sync".
 */
export function planProjectAuthorizations(authorized: string[], keep: string[], rightsIn?: (key: string) => Right[] | undefined): Planned {
  const plan: Planned = { ops: [], changes: [], notes: [] };
  for (const key of authorized) {
    if (keep.includes(key)) continue;
    if (rightsIn && !(rightsIn(key) ?? []).some((r) => HELD.has(r.status))) continue;
    plan.ops.push({ op: 'remove-authorization', context: projectContext(key) });
    plan.changes.push({ path: `rights.projects.${key}`, op: 'remove', from: key, note: 'remove the authorization in this project' });
  }
  return plan;
}

/** The contexts (as strings) in which `ops` request rights. */
export const requestedContexts = (p: Planned): string[] => p.ops.flatMap((o) => (o.op === 'request-rights' ? [contextString(o.context)] : []));
