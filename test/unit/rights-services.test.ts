// The rights services against a fake client: which requests they send, and how results are classified.
import type { SpaceClient, RequestSpec } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { GLOBAL, projectContext } from '../../src/api/ids.js';
import { authorizeApps, authorizeOneApp, batchExitCode, type AuthorizeSummary } from '../../src/services/rights/authorize.js';
import { requestAppRights, waitForDecision } from '../../src/services/rights/request.js';

type Status = 'REQUESTED' | 'GRANTED' | 'REJECTED';
/** A tiny in-memory server: app → context → code → status. */
function fakeApi(state: Record<string, Record<string, Record<string, Status>>>, o: { deny?: (ctx: string) => boolean; required?: string[] } = {}) {
  const calls: Array<{ method: string; path: string; query?: unknown; body?: unknown }> = [];
  const required = new Set(o.required ?? []);
  const api = {
    async request(spec: RequestSpec) {
      const method = spec.method ?? 'GET';
      calls.push({ method, path: spec.path, query: spec.query, body: spec.body });
      const m = /^applications\/id:([^/]+)\/authorizations\/(.+)$/.exec(spec.path);
      if (!m) throw new Error(`unexpected ${spec.path}`);
      const app = state[m[1]!];
      if (!app) throw new ApiError(404, 'not-found', `Application 'id:${m[1]}' not found`, method, spec.path);
      const rest = m[2]!;
      const ctx = (spec.query?.contextIdentifier ?? (spec.body as { contextIdentifier?: string })?.contextIdentifier) as string;
      if (rest === 'authorized-contexts') return Object.keys(app).map((c) => (c === 'global' ? { className: 'GlobalPermissionContext' } : { className: 'ProjectPermissionContext', project: { key: { key: c.replace('project:key:', '') } } }));
      if (rest === 'required-rights' && method === 'GET') return [...required].map((c) => ({ rightCode: c, status: 'NONE' }));
      if (rest === 'required-rights') { for (const c of (spec.body as { rightCodesToAdd: string[] }).rightCodesToAdd) required.add(c); return undefined; }
      if (rest === 'authorized-rights' && method === 'GET') return Object.entries(app[ctx] ?? {}).map(([c, s]) => ({ rightCode: c, name: c, status: s }));
      if (rest === 'authorized-rights' && method === 'PATCH') {
        if (o.deny?.(ctx)) throw new ApiError(403, 'permission-denied', `may not change rights in ${ctx}`, method, spec.path);
        for (const u of (spec.body as { updates: Array<{ rightCode: string; status: Status }> }).updates) (app[ctx] ??= {})[u.rightCode] = u.status;
        return undefined;
      }
      if (rest === 'authorized-rights/request-rights') {
        for (const c of (spec.body as { rightCodes: string[] }).rightCodes) (app[ctx] ??= {})[c] = 'REQUESTED';
        return undefined;
      }
      throw new Error(`unexpected ${method} ${rest}`);
    },
  };
  return { api: api as unknown as SpaceClient, calls };
}

const writes = <C extends { method: string }>(calls: C[]) => calls.filter((c) => c.method !== 'GET');

describe('requestAppRights', () => {
  test('declares missing required rights without propagation, then requests only what is not granted or requested', async () => {
    const state = { a1: { global: { 'Team.View': 'GRANTED' as Status, 'Profile.View': 'REQUESTED' as Status, 'Profile.Edit': 'REJECTED' as Status } } };
    const { api, calls } = fakeApi(state, { required: ['Team.View'] });
    const r = await requestAppRights(api, { app: 'id:a1', rights: ['Team.View', 'Profile.View', 'Profile.Edit', 'Project.View'], contexts: [GLOBAL] });
    expect(r.requiredAdded).toEqual(['Profile.View', 'Profile.Edit', 'Project.View']);
    const w = writes(calls);
    expect(w).toHaveLength(2);
    expect(w[0]!.body).toEqual({ rightCodesToAdd: ['Profile.View', 'Profile.Edit', 'Project.View'], rightCodesToRemove: [], requestRightsInAuthorizedContexts: false });
    expect(w[1]!.body).toEqual({ contextIdentifier: 'global', rightCodes: ['Profile.Edit', 'Project.View'] });
    expect(r.contexts[0]!.rights.map((x) => [x.code, x.status, x.action])).toEqual([
      ['Team.View', 'granted', 'already-granted'],
      ['Profile.View', 'pending', 'already-requested'],
      ['Profile.Edit', 'pending', 're-requested'],
      ['Project.View', 'pending', 'requested'],
    ]);
  });

  test('a re-run sends no write', async () => {
    const { api, calls } = fakeApi({ a1: { global: {} } });
    const o = { app: 'id:a1' as const, rights: ['Project.Issues.View'], contexts: [GLOBAL, projectContext('BACKEND')] };
    await requestAppRights(api, o);
    const n = calls.length;
    const again = await requestAppRights(api, o);
    expect(again.writes).toBe(0);
    expect(writes(calls.slice(n))).toEqual([]);
  });
});

describe('waitForDecision', () => {
  const clock = () => {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  };

  test('returns granted once an administrator approves', async () => {
    const state = { a1: { global: { 'Team.View': 'REQUESTED' as Status } } };
    const { api } = fakeApi(state);
    const first = await requestAppRights(api, { app: 'id:a1', rights: ['Team.View'], contexts: [GLOBAL] });
    const c = clock();
    let polls = 0;
    const { outcome, result } = await waitForDecision(api, 'id:a1', first, { timeoutMs: 60_000, intervalMs: 1000, ...c, onPoll: () => { if (++polls === 2) state.a1.global['Team.View'] = 'GRANTED'; } });
    expect(outcome).toBe('granted');
    expect(result.contexts[0]!.rights[0]!.status).toBe('granted');
  });

  test('stops at a rejection, and times out otherwise', async () => {
    const state = { a1: { global: { 'Team.View': 'REQUESTED' as Status } } };
    const { api } = fakeApi(state);
    const first = await requestAppRights(api, { app: 'id:a1', rights: ['Team.View'], contexts: [GLOBAL] });
    const timedOut = await waitForDecision(api, 'id:a1', first, { timeoutMs: 5000, intervalMs: 1000, ...clock() });
    expect(timedOut.outcome).toBe('timeout');
    state.a1.global['Team.View'] = 'REJECTED';
    expect((await waitForDecision(api, 'id:a1', first, { timeoutMs: 5000, intervalMs: 1000, ...clock() })).outcome).toBe('rejected');
  });
});

describe('authorizeOneApp / authorizeApps', () => {
  const seed = () => ({
    a1: { global: { 'Team.View': 'REQUESTED' as Status, 'Profile.View': 'GRANTED' as Status }, 'project:key:BACKEND': { 'Project.Issues.View': 'REQUESTED' as Status, 'Project.View': 'REQUESTED' as Status } },
    a2: { global: { 'Team.View': 'GRANTED' as Status } },
  });

  test('one contexts GET, one rights GET per context, one PATCH per context carrying all updates', async () => {
    const { api, calls } = fakeApi(seed());
    const r = await authorizeOneApp(api, { id: 'a1', name: 'one' }, {});
    expect(r.status).toBe('ok');
    // Contexts run concurrently: the contexts GET comes first, then per context its GET before its one PATCH.
    const ctxOf = (c: (typeof calls)[number]) => String(c.query && (c.query as { contextIdentifier?: string }).contextIdentifier || (c.body as { contextIdentifier?: string } | undefined)?.contextIdentifier || '');
    const label = (c: (typeof calls)[number]) => `${c.method} ${c.path.replace(/^applications\/id:a1\/authorizations\//, '')} ${ctxOf(c)}`.trim();
    expect(label(calls[0]!)).toBe('GET authorized-contexts');
    for (const ctx of ['global', 'project:key:BACKEND']) {
      expect(calls.slice(1).map(label).filter((l) => l.endsWith(` ${ctx}`))).toEqual([`GET authorized-rights ${ctx}`, `PATCH authorized-rights ${ctx}`]);
    }
    expect(calls).toHaveLength(5);
    const patch = calls.find((c) => c.method === 'PATCH' && ctxOf(c) === 'project:key:BACKEND');
    expect(patch!.body).toEqual({ contextIdentifier: 'project:key:BACKEND', updates: [{ rightCode: 'Project.Issues.View', status: 'GRANTED' }, { rightCode: 'Project.View', status: 'GRANTED' }] });
    expect(r.contexts.map((c) => c.context)).toEqual(['global', 'project:key:BACKEND']); // results keep context order
  });

  test('filters by context and right, rejects with --reject, and a dry run writes nothing', async () => {
    const { api, calls } = fakeApi(seed());
    const dry = await authorizeOneApp(api, { id: 'a1', name: 'one' }, { contexts: [projectContext('BACKEND')], rights: new Set(['Project.View']), reject: true, dryRun: true });
    expect(dry.contexts).toEqual([{ context: 'project:key:BACKEND', rights: [{ code: 'Project.View', status: 'would-reject' }] }]);
    expect(writes(calls)).toEqual([]);
    expect(calls.some((c) => c.path.endsWith('authorized-contexts'))).toBe(false); // explicit contexts: no listing
    const real = await authorizeOneApp(api, { id: 'a1', name: 'one' }, { contexts: [projectContext('BACKEND')], rights: new Set(['Project.View']), reject: true });
    expect(real.contexts[0]!.rights).toEqual([{ code: 'Project.View', status: 'rejected' }]);
    expect(writes(calls)[0]!.body).toEqual({ contextIdentifier: 'project:key:BACKEND', updates: [{ rightCode: 'Project.View', status: 'REJECTED' }] });
  });

  test('a denied context fails the app but the other context is still done; nothing-to-do apps are skipped', async () => {
    const { api } = fakeApi(seed(), { deny: (ctx) => ctx === 'global' });
    const results: string[] = [];
    const s = await authorizeApps(api, { apps: [{ id: 'a1', name: 'one' }, { id: 'a2', name: 'two' }, { id: 'gone', name: 'deleted' }], onApp: (r) => results.push(`${r.name}:${r.status}`) });
    expect(results.sort()).toEqual(['deleted:failed', 'one:failed', 'two:nothing-to-do']);
    expect(s).toMatchObject({ apps: 3, approved: 2, failed: 2, skipped: 1, contexts: 1 });
    expect(s.errors).toEqual({ 'global permission-denied': 1, 'app not-found': 1 });
    expect(batchExitCode(s)).toBe(5);
  });

  test('exit policy: 0 no failures, 4 only permission failures and nothing done, 5 otherwise', () => {
    const base: AuthorizeSummary = { apps: 2, approved: 0, rejected: 0, failed: 0, skipped: 0, contexts: 0, byContext: {}, byRight: {}, errors: {}, onlyPermissionErrors: false, interrupted: false };
    expect(batchExitCode(base)).toBe(0);
    expect(batchExitCode({ ...base, failed: 2, onlyPermissionErrors: true })).toBe(4);
    expect(batchExitCode({ ...base, failed: 2, onlyPermissionErrors: false })).toBe(5);
    expect(batchExitCode({ ...base, failed: 1, skipped: 1, onlyPermissionErrors: true })).toBe(5);
    expect(batchExitCode({ ...base, failed: 2, approved: 1, onlyPermissionErrors: true })).toBe(5);
  });
});
