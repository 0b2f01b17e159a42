// `rights pending`: the organization-wide queue over 300+ seeded apps in mixed contexts — rows, order
// (oldest first), summary, filters, JSON, and that it only reads.
import type { Emulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS, writesSince } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s) as any;
const NAMES: Record<string, string> = { member: 'Max Member', projectAdmin: 'Pat Projectadmin', admin: 'Ada Admin' };

interface Seed { prefix: string; count: number; requestedBy: string; requestedAt?: string; stepSeconds?: number; requested: Array<{ context: string; rights: string[] }> }
const SEEDS: Seed[] = [
  { prefix: 'pq-a', count: 120, requestedBy: 'member', requestedAt: '2026-01-01T00:00:00.000Z', stepSeconds: 60, requested: [{ context: 'global', rights: ['Profile.Edit', 'Team.Edit'] }] },
  // Later apps older: listing order (by name) is not queue order.
  { prefix: 'pq-b', count: 100, requestedBy: 'member', requestedAt: '2025-12-01T00:00:00.000Z', stepSeconds: -3600, requested: [{ context: 'project:key:BACKEND', rights: ['Project.Issues.View'] }] },
  // All at the same instant: ties are broken by app name, then context, then code.
  { prefix: 'pq-c', count: 80, requestedBy: 'projectAdmin', requestedAt: '2026-02-01T00:00:00.000Z', stepSeconds: 0, requested: [{ context: 'global', rights: ['Team.View'] }, { context: 'project:key:MOBILE', rights: ['Project.Issues.Edit'] }] },
  { prefix: 'pq-none', count: 20, requestedBy: 'member', requested: [] },
];

interface Expected { app: string; context: string; code: string; at: string; by: string }

/** The queue the seeds describe, sorted as documented: time, app name, context, code. */
function expectedQueue(): Expected[] {
  const rows: Expected[] = [];
  for (const s of SEEDS) {
    for (let i = 1; i <= s.count; i++) {
      const at = new Date(Date.parse(s.requestedAt ?? '1970-01-01T00:00:00Z') + (i - 1) * (s.stepSeconds ?? 0) * 1000).toISOString();
      for (const r of s.requested) for (const code of r.rights) rows.push({ app: `${s.prefix}-${i}`, context: r.context, code, at, by: NAMES[s.requestedBy]! });
    }
  }
  const c = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return rows.sort((a, b) => c(a.at, b.at) || c(a.app, b.app) || c(a.context, b.context) || c(a.code, b.code));
}

beforeAll(async () => {
  for (const s of SEEDS) {
    const res = await fetch(`${emu.url}/__emulator/seed-apps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ownerToken: 'member', ...s }),
    });
    expect(res.status).toBe(200);
  }
});

describe('rights pending', () => {
  test('the whole queue as JSON: every row, oldest first, with requester and time; one read per app and context, no write', async () => {
    const apps = await runCli(['app', 'list', '--json'], { env: envFor(emu, 'admin') });
    const total = (json(apps.stdout) as unknown[]).length;
    expect(total).toBeGreaterThanOrEqual(320);
    const n = emu.requests().length;
    const r = await runCli(['rights', 'pending', '--json'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    const expected = expectedQueue();
    expect(out.rights.map((x: any) => ({ app: x.app.name, context: x.context, code: x.code, at: x.requestedAt, by: x.requestedBy.name }))).toEqual(expected);
    expect(out.rights[0]).toEqual({
      app: { id: expect.any(String), name: 'pq-b-100', clientId: expect.any(String) }, context: 'project:key:BACKEND', code: 'Project.Issues.View', name: 'View issues',
      requestedBy: { name: 'Max Member', kind: 'user', username: 'max' }, requestedAt: '2025-11-26T21:00:00.000Z',
    });
    expect(out.summary).toEqual({
      apps: 300, rights: 500, contexts: 3, checked: total, failed: 0,
      byContext: { global: 320, 'project:key:BACKEND': 100, 'project:key:MOBILE': 80 },
    });

    const sent = emu.requests().slice(n);
    expect(writesSince(emu, n)).toEqual([]);
    const perKey = new Map<string, number>();
    for (const q of sent) {
      if (!q.path.includes('/authorizations/')) continue;
      const key = `${q.path} ${String(q.query.contextIdentifier ?? '')}`;
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perKey.values())).toBe(1);
    expect(sent.filter((q) => q.path.endsWith('/authorized-contexts'))).toHaveLength(total);
  });

  test('piped rows are tab-separated in queue order; the summary goes to stderr', async () => {
    const r = await runCli(['rights', 'pending'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    const expected = expectedQueue();
    expect(lines).toHaveLength(expected.length);
    expect(lines.map(([at, app, context, code]) => `${at} ${app} ${context} ${code}`)).toEqual(
      expected.map((e) => `${e.at} ${e.app} ${e.context === 'global' ? 'global' : e.context.replace('project:key:', 'project ')} ${e.code}`),
    );
    expect(lines[0]).toEqual(['2025-11-26T21:00:00.000Z', 'pq-b-100', 'project BACKEND', 'Project.Issues.View', 'View issues', 'max']);
    expect(r.stderr).toMatch(/500 pending rights in 3 contexts across 300 applications \(\d+ checked\)\./);
  });

  test('filters: --project, --right by name, --app; --global', async () => {
    const backend = json((await runCli(['rights', 'pending', '--project', 'backend', '--json'], { env: envFor(emu, 'admin') })).stdout);
    expect(backend.rights).toHaveLength(100);
    expect(backend.rights.every((x: any) => x.context === 'project:key:BACKEND')).toBe(true);
    expect(backend.summary).toMatchObject({ apps: 100, rights: 100, contexts: 1 });

    const team = json((await runCli(['rights', 'pending', '--right', 'View teams', '--right', 'Team.Edit', '--json'], { env: envFor(emu, 'admin') })).stdout);
    expect(team.summary).toMatchObject({ rights: 200, apps: 200 });
    expect(new Set(team.rights.map((x: any) => x.code))).toEqual(new Set(['Team.View', 'Team.Edit']));

    const one = json((await runCli(['rights', 'pending', '--app', 'pq-c-7', '--app', 'pq-a-3', '--json'], { env: envFor(emu, 'admin') })).stdout);
    expect(one.rights.map((x: any) => `${x.app.name} ${x.context} ${x.code}`)).toEqual([
      'pq-a-3 global Profile.Edit', 'pq-a-3 global Team.Edit', 'pq-c-7 global Team.View', 'pq-c-7 project:key:MOBILE Project.Issues.Edit',
    ]);
    expect(one.summary).toMatchObject({ checked: 2, apps: 2, rights: 4, contexts: 2 });

    const global = json((await runCli(['rights', 'pending', '--global', '--app', 'pq-c-7', '--json'], { env: envFor(emu, 'admin') })).stdout);
    expect(global.rights.map((x: any) => x.code)).toEqual(['Team.View']);
  });

  test('a request filed through the API is recorded with its requester and time', async () => {
    const member = envFor(emu, 'member');
    expect((await runCli(['app', 'create', '--name', 'pq-live'], { env: member })).code).toBe(0);
    const before = Date.now();
    expect((await runCli(['rights', 'request', '--app', 'pq-live', 'Team.Edit'], { env: member })).code).toBe(8);
    const out = json((await runCli(['rights', 'pending', '--app', 'pq-live', '--json'], { env: envFor(emu, 'admin') })).stdout);
    expect(out.rights).toHaveLength(1);
    expect(out.rights[0]).toMatchObject({ code: 'Team.Edit', context: 'global', requestedBy: { name: 'Max Member', username: 'max' } });
    expect(Date.parse(out.rights[0].requestedAt)).toBeGreaterThanOrEqual(before - 1000);
    // It is the newest request, so it is last in the whole queue.
    const all = json((await runCli(['rights', 'pending', '--json'], { env: envFor(emu, 'admin') })).stdout);
    expect(all.rights.at(-1)).toMatchObject({ app: { name: 'pq-live' }, code: 'Team.Edit' });
  });

  test('bad input is refused before any request; an unreadable app makes exit 5 and the rest is listed', async () => {
    const n = emu.requests().length;
    for (const argv of [['--right', 'Nope.Right'], ['--project', 'no key'], ['--concurrency', '0']]) {
      const r = await runCli(['rights', 'pending', ...argv], { env: envFor(emu, 'admin') });
      expect([argv.join(' '), r.code]).toEqual([argv.join(' '), 2]);
    }
    expect(emu.requests().length).toBe(n);

    const list = json((await runCli(['app', 'list', '--name', 'pq-a-1', '--json'], { env: envFor(emu, 'admin') })).stdout) as Array<{ id: string; name: string }>;
    const victim = list.find((a) => a.name === 'pq-a-1')!;
    emu.injectFault({ pathPrefix: `/applications/id:${victim.id}/authorizations/authorized-contexts`, status: 500, error: 'internal-server-error', count: 1 });
    const r = await runCli(['rights', 'pending', '--app', 'pq-a-1', '--app', 'pq-a-2'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(5);
    expect(r.stdout.trimEnd().split('\n').map((l) => l.split('\t')[1])).toEqual(['pq-a-2', 'pq-a-2']);
    expect(r.stderr).toMatch(/pq-a-1 \(id:.*\): .*internal-server-error/);
    expect(r.stderr).toMatch(/1 failed/);
  });
});
