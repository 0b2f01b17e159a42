// The rights services against the in-process emulator (real HTTP, Space's rules for who may grant what):
// which requests they send, and how results are classified.
import { createApp } from '../../src/api/apps.js';
import { buildClient } from '../../src/api/build.js';
import { createAgent, type SpaceClient } from '../../src/api/client.js';
import { GLOBAL, appId, projectContext, type Context } from '../../src/api/ids.js';
import { requestRights, updateAuthorizedRights, updateRequiredRights } from '../../src/api/rights.js';
import type { RightStatus } from '../../src/api/types.js';
import type { Emulator } from '../../src/emulator/index.js';
import { authorizeApps, authorizeOneApp, batchExitCode, type AuthorizeSummary } from '../../src/services/rights/authorize.js';
import { requestAppRights, waitForDecision } from '../../src/services/rights/request.js';
import { TOKENS, startTestEmulator, type Who } from '../helpers/emulator.js';

let emu: Emulator;
let agent: ReturnType<typeof createAgent>;
const as = {} as Record<Who, SpaceClient>;
beforeAll(async () => {
  emu = await startTestEmulator();
  agent = createAgent();
  for (const who of Object.keys(TOKENS) as Who[]) as[who] = buildClient(emu.url, { kind: 'token', token: TOKENS[who] }, { dispatcher: agent });
});
afterAll(async () => {
  await agent.close();
  await emu.close();
});

let apps = 0;
async function newApp(): Promise<string> {
  return (await createApp(as.admin, { name: `svc-${++apps}` })).id;
}
/** Sets statuses as an administrator would: a request by the member (who lacks these rights), then a decision. */
async function seed(id: string, context: Context, rights: Record<string, RightStatus>): Promise<void> {
  await requestRights(as.member, appId(id), context, Object.keys(rights));
  const decided = Object.entries(rights).filter(([, s]) => s !== 'REQUESTED').map(([code, status]) => ({ code, status }));
  if (decided.length) await updateAuthorizedRights(as.admin, appId(id), context, decided);
}
interface Call { method: string; path: string; context: string; body: unknown }
/** Requests since `from`, the app's path prefix cut off. */
const callsSince = (from: number): Call[] => emu.requests().slice(from).map((q) => ({
  method: q.method,
  path: q.path.replace(/^\/api\/http\/applications\/id:[^/]+\/authorizations\//, ''),
  context: String(q.query.contextIdentifier ?? (q.body as { contextIdentifier?: string } | null)?.contextIdentifier ?? ''),
  body: q.body,
}));
const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');

describe('requestAppRights', () => {
  test('declares missing required rights without propagation, then requests only what is not granted or requested', async () => {
    const id = await newApp();
    await updateRequiredRights(as.admin, appId(id), { add: ['Team.View'] });
    await seed(id, GLOBAL, { 'Team.View': 'GRANTED', 'Team.Edit': 'REQUESTED', 'Profile.Edit': 'REJECTED' });
    const n = emu.requests().length;
    const r = await requestAppRights(as.member, { app: appId(id), rights: ['Team.View', 'Team.Edit', 'Profile.Edit', 'Project.Issues.View'], contexts: [GLOBAL] });
    expect(r.requiredAdded).toEqual(['Team.Edit', 'Profile.Edit', 'Project.Issues.View']);
    const w = writes(callsSince(n));
    expect(w.map((c) => c.body)).toEqual([
      { rightCodesToAdd: ['Team.Edit', 'Profile.Edit', 'Project.Issues.View'], rightCodesToRemove: [], requestRightsInAuthorizedContexts: false },
      { contextIdentifier: 'global', rightCodes: ['Profile.Edit', 'Project.Issues.View'] },
    ]);
    expect(r.contexts[0]!.rights.map((x) => [x.code, x.status, x.action])).toEqual([
      ['Team.View', 'granted', 'already-granted'],
      ['Team.Edit', 'pending', 'already-requested'],
      ['Profile.Edit', 'pending', 're-requested'],
      ['Project.Issues.View', 'pending', 'requested'],
    ]);
    expect(r.writes).toBe(2);
  });

  test('a right the requester holds is granted at once; a re-run sends no write', async () => {
    const id = await newApp();
    const o = { app: appId(id), rights: ['Project.Issues.View'], contexts: [GLOBAL, projectContext('BACKEND')] };
    const first = await requestAppRights(as.projectAdmin, o);
    // Pat administers BACKEND (so holds its project rights there) but not the organization.
    expect(first.contexts.map((c) => c.rights[0]!.status)).toEqual(['pending', 'granted']);
    const n = emu.requests().length;
    const again = await requestAppRights(as.projectAdmin, o);
    expect(again.writes).toBe(0);
    expect(writes(callsSince(n))).toEqual([]);
  });
});

describe('waitForDecision', () => {
  /** A clock that only moves when slept, and a hook run at each sleep. */
  const clock = (onSleep: (n: number) => Promise<void> = async () => {}) => {
    let t = 0;
    let sleeps = 0;
    return { now: () => t, sleep: async (ms: number) => { t += ms; await onSleep(++sleeps); } };
  };

  test('returns granted once an administrator approves', async () => {
    const id = await newApp();
    const first = await requestAppRights(as.member, { app: appId(id), rights: ['Team.Edit'], contexts: [GLOBAL] });
    const approveAtSecondPoll = async (n: number) => {
      if (n === 2) await updateAuthorizedRights(as.admin, appId(id), GLOBAL, [{ code: 'Team.Edit', status: 'GRANTED' }]);
    };
    const { outcome, result } = await waitForDecision(as.member, appId(id), first, { timeoutMs: 60_000, intervalMs: 1000, ...clock(approveAtSecondPoll) });
    expect(outcome).toBe('granted');
    expect(result.contexts[0]!.rights[0]!.status).toBe('granted');
  });

  test('stops at a rejection, and times out otherwise', async () => {
    const id = await newApp();
    const first = await requestAppRights(as.member, { app: appId(id), rights: ['Team.Edit'], contexts: [GLOBAL] });
    expect((await waitForDecision(as.member, appId(id), first, { timeoutMs: 5000, intervalMs: 1000, ...clock() })).outcome).toBe('timeout');
    await updateAuthorizedRights(as.admin, appId(id), GLOBAL, [{ code: 'Team.Edit', status: 'REJECTED' }]);
    expect((await waitForDecision(as.member, appId(id), first, { timeoutMs: 5000, intervalMs: 1000, ...clock() })).outcome).toBe('rejected');
  });
});

describe('authorizeOneApp / authorizeApps', () => {
  async function appWithRequests(): Promise<string> {
    const id = await newApp();
    await seed(id, GLOBAL, { 'Team.Edit': 'REQUESTED', 'Profile.Edit': 'GRANTED' });
    await seed(id, projectContext('BACKEND'), { 'Project.Issues.View': 'REQUESTED', 'Project.Issues.Create': 'REQUESTED' });
    return id;
  }

  test('one contexts GET, one rights GET per context, one PATCH per context carrying all updates', async () => {
    const id = await appWithRequests();
    const n = emu.requests().length;
    const r = await authorizeOneApp(as.admin, { id, name: 'one', clientId: '' }, {});
    expect(r.status).toBe('ok');
    const calls = callsSince(n);
    const label = (c: Call) => `${c.method} ${c.path} ${c.context}`.trim();
    // Contexts run concurrently: the contexts GET comes first, then per context its GET before its one PATCH.
    expect(label(calls[0]!)).toBe('GET authorized-contexts');
    for (const ctx of ['global', 'project:key:BACKEND']) {
      expect(calls.slice(1).map(label).filter((l) => l.endsWith(` ${ctx}`))).toEqual([`GET authorized-rights ${ctx}`, `PATCH authorized-rights ${ctx}`]);
    }
    expect(calls).toHaveLength(5);
    expect(calls.find((c) => c.method === 'PATCH' && c.context === 'project:key:BACKEND')!.body).toEqual({
      contextIdentifier: 'project:key:BACKEND',
      updates: [{ rightCode: 'Project.Issues.View', status: 'GRANTED' }, { rightCode: 'Project.Issues.Create', status: 'GRANTED' }],
    });
    expect(r.contexts.map((c) => c.context)).toEqual(['global', 'project:key:BACKEND']); // results keep context order
  });

  test('filters by context and right, rejects with --reject, and a dry run writes nothing', async () => {
    const id = await appWithRequests();
    const n = emu.requests().length;
    const only = { contexts: [projectContext('BACKEND')], rights: new Set(['Project.Issues.Create']), reject: true };
    const dry = await authorizeOneApp(as.admin, { id, name: 'one', clientId: '' }, { ...only, dryRun: true });
    expect(dry.contexts).toEqual([{ context: 'project:key:BACKEND', rights: [{ code: 'Project.Issues.Create', status: 'would-reject' }] }]);
    expect(writes(callsSince(n))).toEqual([]);
    expect(callsSince(n).some((c) => c.path === 'authorized-contexts')).toBe(false); // explicit contexts: no listing
    const real = await authorizeOneApp(as.admin, { id, name: 'one', clientId: '' }, only);
    expect(real.contexts[0]!.rights).toEqual([{ code: 'Project.Issues.Create', status: 'rejected' }]);
    expect(writes(callsSince(n))[0]!.body).toEqual({ contextIdentifier: 'project:key:BACKEND', updates: [{ rightCode: 'Project.Issues.Create', status: 'REJECTED' }] });
  });

  test('a denied context fails the app but the other context is still done; nothing-to-do apps are skipped', async () => {
    const one = await appWithRequests();
    const two = await newApp();
    await seed(two, GLOBAL, { 'Team.Edit': 'GRANTED' });
    const results: string[] = [];
    // Pat may approve in BACKEND only: the global context is denied.
    const s = await authorizeApps(as.projectAdmin, { apps: [{ id: one, name: 'one', clientId: '' }, { id: two, name: 'two', clientId: '' }, { id: 'gone', name: 'deleted', clientId: '' }], onApp: (r) => results.push(`${r.app.name}:${r.status}`) });
    expect(results.sort()).toEqual(['deleted:failed', 'one:failed', 'two:nothing-to-do']);
    expect(s).toMatchObject({ apps: 3, approved: 2, failed: 2, skipped: 1, contexts: 1 });
    expect(s.errors).toEqual({ 'global permission-denied': 1, 'app not-found': 1 });
    expect(batchExitCode(s)).toBe(5);
  });

  test('exit policy: 0 no failures, 4 only permission failures and nothing done, 5 otherwise', () => {
    const base: AuthorizeSummary = { apps: 2, approved: 0, rejected: 0, unmatched: 0, unmatchedByRight: {}, failed: 0, skipped: 0, contexts: 0, byContext: {}, byRight: {}, errors: {}, onlyPermissionErrors: false, interrupted: false };
    expect(batchExitCode(base)).toBe(0);
    expect(batchExitCode({ ...base, failed: 2, onlyPermissionErrors: true })).toBe(4);
    expect(batchExitCode({ ...base, failed: 2, onlyPermissionErrors: false })).toBe(5);
    expect(batchExitCode({ ...base, failed: 1, skipped: 1, onlyPermissionErrors: true })).toBe(5);
    expect(batchExitCode({ ...base, failed: 2, approved: 1, onlyPermissionErrors: true })).toBe(5);
  });
});
