// `project add|list|remove` end to end (registration step 4).
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter } from '../helpers/cli.js';
import { envFor, startTestEmulator, writesSince } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s) as any;
async function createApp(name: string): Promise<string> {
  const r = await runCli(['app', 'create', '--name', name, '--json'], { env: envFor(emu, 'member') });
  expect(r.code).toBe(0);
  return json(r.stdout).id as string;
}

describe('project add', () => {
  test('requests the given rights in each project (pending, exit 8); the project admin approves them', async () => {
    await createApp('padd');
    const n = emu.requests().length;
    const r = await runCli(['project', 'add', '--app', 'padd', 'BACKEND', 'web', '--right', 'Project.Issues.View', '--json'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(8);
    const out = json(r.stdout);
    expect(out.contexts.map((c: { context: string }) => c.context)).toEqual(['project:key:BACKEND', 'project:key:WEB']);
    expect(out.contexts[0].approver).toMatch(/administrator of project BACKEND/);
    const gets = emu.requests().slice(n).filter((q) => q.method === 'GET' && q.path.startsWith('/api/http/projects/'));
    expect(gets.map((q) => q.path)).toEqual(['/api/http/projects/key:BACKEND', '/api/http/projects/key:WEB']);

    const approve = await runCli(['rights', 'authorize', '--app', 'padd', '--project', 'BACKEND', '--yes'], { env: envFor(emu, 'projectAdmin') });
    expect(approve.code).toBe(0);
    const list = await runCli(['project', 'list', '--app', 'padd', '--json'], { env: envFor(emu, 'member') });
    expect(json(list.stdout)).toEqual([
      { key: 'BACKEND', name: 'Backend', context: 'project:key:BACKEND', rights: [{ code: 'Project.Issues.View', name: 'View issues', status: 'granted' }] },
      { key: 'WEB', name: 'Web site', context: 'project:key:WEB', rights: [{ code: 'Project.Issues.View', name: 'View issues', status: 'requested' }] },
    ]);
    // The BACKEND admin may not approve in WEB.
    const denied = await runCli(['rights', 'authorize', '--app', 'padd', '--project', 'WEB', '--yes'], { env: envFor(emu, 'projectAdmin') });
    expect(denied.code).toBe(4);
    expect(denied.stdout).toMatch(/project WEB: permission-denied/);
  });

  test('without --right: the app\'s required project-level rights; none → usage error', async () => {
    await createApp('padd-req');
    const none = await runCli(['project', 'add', '--app', 'padd-req', 'MOBILE'], { env: envFor(emu, 'member') });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no project-level required rights.*\n.*--right/);
    await runCli(['rights', 'request', '--app', 'padd-req', 'Team.View', 'Project.Issues.View'], { env: envFor(emu, 'member') });
    const r = await runCli(['project', 'add', '--app', 'padd-req', 'MOBILE', '--json'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(8);
    expect(json(r.stdout).contexts).toEqual([{ context: 'project:key:MOBILE', approver: expect.any(String), rights: [expect.objectContaining({ code: 'Project.Issues.View', status: 'pending' })] }]);
    // Re-running changes nothing.
    const n = emu.requests().length;
    expect((await runCli(['project', 'add', '--app', 'padd-req', 'MOBILE'], { env: envFor(emu, 'member') })).code).toBe(8);
    expect(writesSince(emu, n)).toEqual([]);
  });

  test('a project that does not exist: exit 1 naming it, nothing changed; global-only right: exit 2', async () => {
    await createApp('padd-bad');
    const n = emu.requests().length;
    const r = await runCli(['project', 'add', '--app', 'padd-bad', 'BACKEND', 'NOSUCH', '--right', 'Project.Issues.View'], { env: envFor(emu, 'member') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no project with key NOSUCH; existing projects: BACKEND, MOBILE, WEB/);
    expect(writesSince(emu, n)).toEqual([]);
    const g = await runCli(['project', 'add', '--app', 'padd-bad', 'BACKEND', '--right', 'Team.View'], { env: envFor(emu, 'member') });
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/Team\.View/);
  });
});

describe('project remove', () => {
  test('removes the authorization after confirmation; not authorized → nothing to remove, exit 0', async () => {
    await createApp('prm');
    await runCli(['project', 'add', '--app', 'prm', 'WEB', '--right', 'Project.Issues.View'], { env: envFor(emu, 'member') });
    const refused = await runCli(['project', 'remove', '--app', 'prm', 'WEB'], { env: envFor(emu, 'member') });
    expect(refused.code).toBe(2);
    const prompter = scriptedPrompter([true]);
    const r = await runCli(['project', 'remove', '--app', 'prm', 'WEB'], { env: envFor(emu, 'member'), tty: true, prompter });
    expect(r.code).toBe(0);
    expect(prompter.asked[0]).toMatch(/Remove prm's authorization in project WEB/);
    const del = emu.requests().filter((q) => q.method === 'DELETE').pop();
    expect(del?.query).toEqual({ contextIdentifier: 'project:key:WEB' });
    expect(json((await runCli(['project', 'list', '--app', 'prm', '--json'], { env: envFor(emu, 'member') })).stdout)).toEqual([]);

    const n = emu.requests().length;
    const again = await runCli(['project', 'remove', '--app', 'prm', 'WEB', '--yes', '--json'], { env: envFor(emu, 'member') });
    expect(again.code).toBe(0);
    expect(json(again.stdout)).toMatchObject({ removed: false, reason: 'not-authorized' });
    expect(writesSince(emu, n)).toEqual([]);
  });
});
