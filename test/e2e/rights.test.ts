// `rights catalog|for|request|list` end to end against the emulator (registration step 3).
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { envFor, startTestEmulator, writesSince } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s) as any;
async function createApp(name: string, who: 'member' | 'admin' = 'member'): Promise<string> {
  const r = await runCli(['app', 'create', '--name', name, '--json'], { env: envFor(emu, who) });
  expect(r.code).toBe(0);
  return json(r.stdout).app.id as string;
}

/** Polls (as the admin) until the app has a REQUESTED right in global. */
async function untilRequested(app: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await runCli(['rights', 'list', '--app', app, '--status', 'requested', '--json'], { env: envFor(emu, 'admin') });
    if (r.code === 0 && json(r.stdout).length) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`no request filed for ${app}`);
}

describe('rights catalog and rights for', () => {
  test('catalog searches by text and level', async () => {
    const r = await runCli(['rights', 'catalog', '--search', 'issues', '--level', 'project', '--json']);
    expect(r.code).toBe(0);
    const rows = json(r.stdout) as Array<{ code: string; level: string }>;
    expect(rows.map((x) => x.code)).toContain('Project.Issues.View');
    expect(rows.every((x) => x.level.startsWith('project') || x.level.includes('project'))).toBe(true);
  });

  test('for "<METHOD> <path>" lists the rights of that call', async () => {
    const r = await runCli(['rights', 'for', 'GET /projects/key:BACKEND/planning/issues', '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ method: 'GET', path: '/projects/{project}/planning/issues', rights: [{ code: 'Project.Issues.View' }] });
    const bad = await runCli(['rights', 'for', 'FETCH /x']);
    expect(bad.code).toBe(2);
  });
});

describe('rights request', () => {
  test('a member requests global and project rights: held ones granted, others pending (exit 8), approver named', async () => {
    const id = await createApp('req-member');
    const r = await runCli(['rights', 'request', '--app', 'req-member', '--global', '--project', 'BACKEND', 'Project.Issues.View', 'View project details', '--json'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(8);
    const out = json(r.stdout);
    expect(out.app).toEqual({ id, name: 'req-member', clientId: expect.any(String) }); // the one app shape
    expect(out.requiredRightsAdded).toEqual(['Project.Issues.View', 'Project.View']);
    expect(out.contexts).toEqual([
      { context: 'global', approver: 'a Space administrator (Superadmin)', rights: [
        { code: 'Project.Issues.View', name: 'View issues', status: 'pending', action: 'requested' },
        { code: 'Project.View', name: 'View project details', status: 'granted', action: 'requested' },
      ] },
      { context: 'project:key:BACKEND', approver: expect.stringContaining('project BACKEND'), rights: [
        { code: 'Project.Issues.View', name: 'View issues', status: 'pending', action: 'requested' },
        { code: 'Project.View', name: 'View project details', status: 'granted', action: 'requested' },
      ] },
    ]);
    expect(out.summary).toEqual({ granted: 2, pending: 2, rejected: 0 });

    // Human output names who can approve, on stderr; the table is on stdout.
    const h = await runCli(['rights', 'request', '--app', 'req-member', 'Project.Issues.View'], { env: envFor(emu, 'member') });
    expect(h.code).toBe(8);
    expect(h.stdout).toMatch(/global\tProject\.Issues\.View\tView issues\tpending \(already requested\)/);
    expect(h.stderr).toMatch(/Space administrator/);
  });

  test('re-running the same request sends no write', async () => {
    await createApp('req-rerun');
    const argv = ['rights', 'request', '--app', 'req-rerun', '--project', 'WEB', 'Project.Issues.View', 'Project.View'];
    expect((await runCli(argv, { env: envFor(emu, 'member') })).code).toBe(8);
    const n = emu.requests().length;
    const again = await runCli(argv, { env: envFor(emu, 'member') });
    expect(again.code).toBe(8);
    expect(writesSince(emu, n)).toEqual([]);
    expect(again.stderr).toMatch(/nothing changed/);
  });

  test('rights the requester holds are granted at once: exit 0', async () => {
    await createApp('req-admin', 'admin');
    const r = await runCli(['rights', 'request', '--app', 'req-admin', 'Team.View', 'Profile.Edit', '--json'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(0);
    expect(json(r.stdout).summary).toEqual({ granted: 2, pending: 0, rejected: 0 });
  });

  test('one granted right is worded in the singular', async () => {
    await createApp('req-one', 'admin');
    const r = await runCli(['rights', 'request', '--app', 'req-one', 'Team.View'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/The requested right is granted\./);
    expect(r.stderr).not.toMatch(/All 1 /);
  });

  test('--for requests exactly the rights of that call', async () => {
    await createApp('req-for');
    const n = emu.requests().length;
    const r = await runCli(['rights', 'request', '--app', 'req-for', '--project', 'MOBILE', '--for', 'GET /projects/{project}/planning/issues', '--json'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(8);
    expect(json(r.stdout).contexts[0].rights.map((x: { code: string }) => x.code)).toEqual(['Project.Issues.View']);
    const sent = writesSince(emu, n).find((w) => w.path.endsWith('/request-rights')) as { body?: unknown } | undefined;
    expect(sent?.body).toEqual({ contextIdentifier: 'project:key:MOBILE', rightCodes: ['Project.Issues.View'] });
  });

  test('an unknown right is a usage error with suggestions, before any request', async () => {
    await createApp('req-unknown');
    const n = emu.requests().length;
    const r = await runCli(['rights', 'request', '--app', 'req-unknown', 'Project.Isues.View'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown right "Project\.Isues\.View"; did you mean Project\.Issues\.View/);
    expect(emu.requests().length).toBe(n);
  });

  test('a global-only right with --project is a usage error naming it, before any request', async () => {
    const n = emu.requests().length;
    const r = await runCli(['rights', 'request', '--app', 'req-unknown', '--project', 'BACKEND', 'Team.View', 'Project.Issues.View'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Team\.View \(global\) cannot be granted in a project/);
    expect(emu.requests().length).toBe(n);
  });

  test('a project that does not exist: exit 1 naming it and the existing keys, nothing changed', async () => {
    await createApp('req-noproject');
    const n = emu.requests().length;
    const r = await runCli(['rights', 'request', '--app', 'req-noproject', '--project', 'NOPE', 'Project.Issues.View'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no project with key NOPE; existing projects: BACKEND, MOBILE, WEB/);
    expect(writesSince(emu, n)).toEqual([]);
  });

  test('a rejected right is requested again, and says so', async () => {
    await createApp('req-rejected');
    await runCli(['rights', 'request', '--app', 'req-rejected', 'Profile.Edit'], { env: envFor(emu, 'member') });
    expect((await runCli(['rights', 'authorize', '--app', 'req-rejected', '--reject', '--yes'], { env: envFor(emu, 'admin') })).code).toBe(0);
    const r = await runCli(['rights', 'request', '--app', 'req-rejected', 'Profile.Edit'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/Requested again, though an administrator rejected them before: Profile\.Edit/);
    expect(r.stdout).toMatch(/pending \(requested again after a rejection\)/);
  });

  // The waiting run is a child process: two concurrent in-process runs would share (and close) one HTTP pool.
  test('--wait returns 0 once an administrator approves, 1 naming the right when rejected', async () => {
    await createApp('req-wait');
    const waiting = spawnCli(['rights', 'request', '--app', 'req-wait', 'Profile.Edit', '--wait', '--interval', '0.05', '--timeout', '20'], { env: envFor(emu, 'member') });
    await untilRequested('req-wait');
    expect((await runCli(['rights', 'authorize', '--app', 'req-wait', '--yes'], { env: envFor(emu, 'admin') })).code).toBe(0);
    const done = await waiting;
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/Profile\.Edit.*granted/);

    await createApp('req-wait-no');
    const waiting2 = spawnCli(['rights', 'request', '--app', 'req-wait-no', 'Team.Edit', '--wait', '--interval', '0.05', '--timeout', '20'], { env: envFor(emu, 'member') });
    await untilRequested('req-wait-no');
    await runCli(['rights', 'authorize', '--app', 'req-wait-no', '--reject', '--yes'], { env: envFor(emu, 'admin') });
    const rejected = await waiting2;
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/not granted: Team\.Edit in global/);
  });

  test('--wait times out with exit 8', async () => {
    await createApp('req-timeout');
    const r = await runCli(['rights', 'request', '--app', 'req-timeout', 'Profile.Edit', '--wait', '--interval', '0.05', '--timeout', '0.3'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/Still pending/);
  });
});

describe('rights list', () => {
  test('default global; --all-contexts; --status filter; JSON rows', async () => {
    await createApp('list-app');
    await runCli(['rights', 'request', '--app', 'list-app', 'Team.View', 'Profile.Edit'], { env: envFor(emu, 'member') });
    await runCli(['rights', 'request', '--app', 'list-app', '--project', 'BACKEND', 'Project.Issues.View'], { env: envFor(emu, 'member') });
    const g = await runCli(['rights', 'list', '--app', 'list-app', '--json'], { env: envFor(emu, 'member') });
    expect(g.code).toBe(0);
    expect(json(g.stdout)).toEqual([
      { context: 'global', code: 'Team.View', name: 'View teams', status: 'granted' },
      { context: 'global', code: 'Profile.Edit', name: expect.any(String), status: 'requested' },
    ]);
    const all = await runCli(['rights', 'list', '--app', 'list-app', '--all-contexts', '--status', 'requested', '--json'], { env: envFor(emu, 'member') });
    expect(json(all.stdout).map((x: { context: string; code: string }) => `${x.context} ${x.code}`)).toEqual(['global Profile.Edit', 'project:key:BACKEND Project.Issues.View']);
    const table = await runCli(['rights', 'list', '--app', 'list-app', '--project', 'BACKEND'], { env: envFor(emu, 'member'), tty: true });
    expect(table.stdout).toMatch(/CONTEXT\s+RIGHT\s+NAME\s+STATUS/);
    expect((await runCli(['rights', 'list', '--app', 'list-app', '--all-contexts', '--global'], { env: envFor(emu, 'member') })).code).toBe(2);
  });
});

describe('the real binary', () => {
  test('rights request exits 8 from a child process', async () => {
    await createApp('spawn-app');
    const r = await spawnCli(['rights', 'request', '--app', 'spawn-app', 'Profile.Edit'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/pending approval \(exit code 8\)/);
  });
});
