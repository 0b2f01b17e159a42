// Shared handler plumbing: the per-request context and application lookup.
import type { Caller } from '../access.js';
import type { Operation, Query } from '../contract.js';
import { notFound, requestError } from '../errors.js';
import type { AppRecord, PrincipalRef, State } from '../state.js';
import type { Json } from '../data.js';

export interface HandlerContext {
  state: State;
  caller: Caller;
  op: Operation;
  /** Decoded path parameters. */
  params: Record<string, string>;
  query: Query;
  /** Validated JSON body (shape guaranteed by the contract layer). */
  body: Json;
  remoteAddress: string;
  userAgent: string | null;
}

/** Returns the response body; `undefined` means an empty 200. */
export type Handler = (c: HandlerContext) => unknown;

export function callerRef(caller: Caller): PrincipalRef {
  return caller.kind === 'user' ? { kind: 'user', id: caller.user.id } : { kind: 'app', id: caller.app.id };
}

export function findApp(state: State, ident: string): AppRecord | undefined {
  if (ident.startsWith('id:')) return state.apps.get(ident.slice(3));
  if (ident.startsWith('clientId:')) return state.appsByClientId.get(ident.slice(9));
  return undefined;
}

/** Resolves `{application}`; `me` is only meaningful for an application's own token (Space HTTP API). */
export function targetApp(c: HandlerContext, ident = c.params.application ?? ''): AppRecord {
  if (ident === 'me') {
    if (c.caller.kind !== 'app') throw requestError("Application identifier 'me' can only be used with an application's own access token");
    return c.caller.app;
  }
  const app = findApp(c.state, ident);
  if (!app) throw notFound(`Application '${ident}' not found`);
  return app;
}

/** Is the caller the application addressed by `ident` (no lookup needed)? */
export function isSelf(caller: Caller, ident: string | undefined): boolean {
  if (caller.kind !== 'app' || ident === undefined) return false;
  return ident === 'me' || ident === `id:${caller.app.id}` || ident === `clientId:${caller.app.clientId}`;
}

export function str(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
}

export function nowIso(): string {
  return new Date().toISOString();
}
