// Control API under /__emulator/ (admin token), for tests and benchmarks that run the emulator in
// another process: stats, recorded requests, latency, faults and bulk seeding of applications.
import { checkRightCodes, checkRightInContext, parseContext, rejectChannel, requireAnyRight, type Caller, type Context } from './access.js';
import { findApp } from './handlers/context.js';
import { signAsSpace } from './keys.js';
import { denied, duplicated, notFound, unauthenticated, validation } from './errors.js';
import { newAppRecord } from './handlers/apps.js';
import type { Monitor } from './monitor.js';
import type { State } from './state.js';
import type { FaultSpec } from './types.js';
import type { Json } from './data.js';

export interface ControlDeps {
  state: State;
  monitor: Monitor;
  adminToken: string;
  setLatency(ms: number): void;
  /** Authenticates a Space API bearer token (any user or app token, not only the admin's). */
  authenticate(authorization: string | undefined): Caller;
  /** Revokes every refresh token of the authorization-code flow; returns how many. */
  revokeRefreshTokens?(): number;
}

/** Returns the JSON answer of a control request (throws ApiError on failure). */
export function handleControl(d: ControlDeps, method: string, path: string, authorization: string | undefined, body: Json): unknown {
  if (method === 'GET' && path === '/__emulator/health') return { ok: true };
  // Not admin-only: `spacectl endpoint test` signs as Space would for whoever may see the app.
  if (method === 'POST' && path === '/__emulator/sign-payload') return signPayload(d, authorization, body);
  if (!authorization) throw unauthenticated('The control API requires Authorization: Bearer <admin token>');
  if (authorization !== `Bearer ${d.adminToken}`) throw denied('The control API requires the admin token');
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /__emulator/stats':
      return d.monitor.stats();
    case 'POST /__emulator/stats/reset':
      d.monitor.resetStats();
      return { ok: true };
    case 'GET /__emulator/requests':
      return d.monitor.recorded();
    case 'PUT /__emulator/latency': {
      const ms = (body as { ms?: unknown } | undefined)?.ms;
      if (typeof ms !== 'number' || !(ms >= 0)) throw validation("Field 'ms' must be a non-negative number");
      d.setLatency(ms);
      return { ok: true };
    }
    case 'POST /__emulator/faults': {
      const f = body as FaultSpec | undefined;
      if (!f || typeof f !== 'object' || !Number.isInteger(f.count) || f.count < 1) throw validation("Field 'count' must be a positive integer");
      d.monitor.injectFault(f);
      return { ok: true };
    }
    case 'GET /__emulator/faults':
      return d.monitor.faultStats();
    case 'DELETE /__emulator/faults':
      d.monitor.clearFaults();
      return { ok: true };
    case 'POST /__emulator/revoke-refresh-tokens':
      return { revoked: d.revokeRefreshTokens?.() ?? 0 };
    case 'GET /__emulator/rights-status':
      return rightsStatus(d.state);
    case 'POST /__emulator/seed-apps':
      return seedApps(d.state, body);
    default:
      throw notFound(`Unknown control endpoint ${method} ${path}`);
  }
}

/**
 * How many rights of all apps are in each status, summed over every context: what a benchmark checks after a
 * batch approval, from the server's state rather than the CLI's own summary.
 */
function rightsStatus(state: State): { apps: number; byStatus: Record<string, number> } {
  const byStatus: Record<string, number> = {};
  for (const app of state.apps.values()) {
    for (const recs of Object.values(app.contexts)) for (const r of Object.values(recs)) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  }
  return { apps: state.apps.size, byStatus };
}

interface SeedRequest {
  count: number;
  prefix: string;
  ownerToken?: 'member' | 'admin' | 'projectAdmin';
  requested?: { context: string; rights: string[] }[];
  /** Who filed the requests (RightDTO.modificationAuthor); default: the owner. */
  requestedBy?: 'member' | 'admin' | 'projectAdmin';
  /** When app 1's requests were filed (RightDTO.modificationTimestamp); default: its creation time. */
  requestedAt?: string;
  /** Seconds between consecutive apps' request times (may be negative, so later apps are older). */
  stepSeconds?: number;
}

/**
 * Creates `count` apps `${prefix}-${i}` with rights REQUESTED in the given contexts, recorded as filed by
 * `requestedBy` at `requestedAt + (i-1)·stepSeconds`, so queue order can be tested; no latency, no validation per app.
 */
function seedApps(state: State, body: Json): { created: number } {
  const b = body as SeedRequest;
  if (!b || typeof b !== 'object') throw validation('Body must be a JSON object');
  if (!Number.isInteger(b.count) || b.count < 0 || b.count > 100_000) throw validation("Field 'count' must be an integer between 0 and 100000");
  if (typeof b.prefix !== 'string' || b.prefix === '') throw validation("Field 'prefix' must be a non-empty string");
  const userOf = (role: string, field: string) => {
    const u = state.users.find((x) => x.role === role);
    if (!u) throw validation(`Field '${field}' must be 'member', 'admin' or 'projectAdmin'`);
    return u;
  };
  const owner = userOf(b.ownerToken ?? 'member', 'ownerToken');
  const requester = b.requestedBy === undefined ? owner : userOf(b.requestedBy, 'requestedBy');
  const base = b.requestedAt === undefined ? undefined : Date.parse(b.requestedAt);
  if (base !== undefined && Number.isNaN(base)) throw validation("Field 'requestedAt' must be an ISO date-time");
  const step = b.stepSeconds ?? 0;
  if (typeof step !== 'number' || !Number.isFinite(step)) throw validation("Field 'stepSeconds' must be a number");
  const requested: { ctx: Context; rights: string[] }[] = [];
  for (const r of b.requested ?? []) {
    if (!r || typeof r.context !== 'string' || !Array.isArray(r.rights)) throw validation("Each 'requested' entry needs 'context' and 'rights'");
    const ctx = parseContext(state, r.context);
    rejectChannel(ctx);
    checkRightCodes(r.rights, 'requested.rights');
    for (const code of r.rights) checkRightInContext(code, ctx);
    requested.push({ ctx, rights: r.rights });
  }
  for (let i = 1; i <= b.count; i++) {
    if (state.appByName(`${b.prefix}-${i}`)) throw duplicated(`Application with name '${b.prefix}-${i}' already exists`);
  }
  const required = [...new Set(requested.flatMap((r) => r.rights))];
  const ownerRef = { kind: 'user' as const, id: owner.id };
  const by = { kind: 'user' as const, id: requester.id };
  for (let i = 1; i <= b.count; i++) {
    const app = newAppRecord(`${b.prefix}-${i}`, ownerRef);
    app.requiredRights = [...required];
    const at = base === undefined ? app.createdAt : new Date(base + (i - 1) * step * 1000).toISOString();
    for (const { ctx, rights } of requested) {
      const recs = (app.contexts[ctx.key] ??= {});
      for (const code of rights) recs[code] = { status: 'REQUESTED', by, at };
    }
    state.addApp(app);
  }
  return { created: b.count };
}


/**
 * Signs a payload with the app's private key exactly as Space signs calls to its endpoint, so a client can
 * test an endpoint's public-key verification end to end. Real Space has no such call; only the emulator can
 * offer it, because it holds the private keys.
 */
async function signPayload(d: ControlDeps, authorization: string | undefined, body: Json): Promise<{ signature: string; kid: string; timestamp: string }> {
  const caller = d.authenticate(authorization);
  const b = body as { application?: unknown; timestamp?: unknown; body?: unknown } | undefined;
  if (!b || typeof b.application !== 'string' || typeof b.body !== 'string' || typeof b.timestamp !== 'string' || !/^\d+$/.test(b.timestamp)) {
    throw validation("Body must be {application: 'id:…'|'clientId:…', timestamp: '<ms since epoch>', body: '<raw payload>'}");
  }
  const app = findApp(d.state, b.application);
  if (!app) throw notFound(`Application '${b.application}' not found`);
  if (!(caller.kind === 'app' && caller.app.id === app.id)) requireAnyRight(caller, ['Applications.View'], 'sign a payload for this application');
  return { ...(await signAsSpace(app.id, b.timestamp, b.body)), timestamp: b.timestamp };
}
