import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, createApp } from './helpers.js';

let emu: Emulator;
beforeAll(async () => { emu = await startEmulator({ port: 0 }); });
afterAll(async () => { await emu.close(); });

const statuses = async (id: string, ctx: string, token?: string): Promise<Record<string, string>> => {
  const r = await call(emu, 'GET', `/applications/id:${id}/authorizations/authorized-rights?contextIdentifier=${encodeURIComponent(ctx)}&$fields=rightCode,status`, { token });
  expect(r.status).toBe(200);
  return Object.fromEntries((r.body as { rightCode: string; status: string }[]).map((x) => [x.rightCode, x.status]));
};

describe('rights', () => {
  test('request, grant at once when the caller holds the right, approve by the right admins', async () => {
    const a = await createApp(emu, 'rights-app');
    const req = (ctx: string, rightCodes: string[], token = emu.tokens.member) =>
      call(emu, 'PATCH', `/applications/id:${a.id}/authorizations/authorized-rights/request-rights`, { token, body: { contextIdentifier: ctx, rightCodes } });

    // member: Team.Edit (not held) → REQUESTED, Team.View (held) → GRANTED at once
    const r1 = await req('global', ['Team.Edit', 'Team.View']);
    expect(r1.status).toBe(200);
    expect(r1.text).toBe('');
    expect(await statuses(a.id, 'global')).toEqual({ 'Team.Edit': 'REQUESTED', 'Team.View': 'GRANTED' });

    expect((await req('project:key:BACKEND', ['Project.Issues.View', 'Project.View'])).status).toBe(200);
    expect((await req('project:key:MOBILE', ['Project.Issues.View'])).status).toBe(200);
    expect(await statuses(a.id, 'project:key:BACKEND')).toEqual({ 'Project.Issues.View': 'REQUESTED', 'Project.View': 'GRANTED' });

    const full = await call(emu, 'GET', `/applications/id:${a.id}/authorizations/authorized-rights?contextIdentifier=project:key:BACKEND`, { token: emu.tokens.projectAdmin });
    const issues = full.body.find((x: { rightCode: string }) => x.rightCode === 'Project.Issues.View');
    expect(issues).toMatchObject({ rightCode: 'Project.Issues.View', name: 'View issues', group: 'Project.Issues', targetName: 'Backend', editable: true, status: 'REQUESTED', dependencies: [] });
    expect(issues.modificationAuthor.name).toBe('Max Member');
    expect(Date.parse(issues.modificationTimestamp)).not.toBeNaN();

    const approve = (ctx: string, token: string, codes: string[]) =>
      call(emu, 'PATCH', `/applications/id:${a.id}/authorizations/authorized-rights`, { token, body: { contextIdentifier: ctx, updates: codes.map((rightCode) => ({ rightCode, status: 'GRANTED' })) } });

    // project admin: yes in BACKEND, no in global, no in MOBILE
    expect((await approve('project:key:BACKEND', emu.tokens.projectAdmin, ['Project.Issues.View'])).status).toBe(200);
    expect((await statuses(a.id, 'project:id:prjBackend01'))['Project.Issues.View']).toBe('GRANTED');
    const g = await approve('global', emu.tokens.projectAdmin, ['Team.Edit']);
    expect(g.status).toBe(403);
    expect(g.body.error).toBe('permission-denied');
    expect(g.body.error_description).toContain("'global'");
    const m = await approve('project:key:MOBILE', emu.tokens.projectAdmin, ['Project.Issues.View']);
    expect(m.status).toBe(403);
    expect(m.body.error_description).toContain('project:key:MOBILE');
    expect((await approve('global', emu.tokens.member, ['Team.Edit'])).status).toBe(403);

    // admin approves globally
    expect((await approve('global', emu.tokens.admin, ['Team.Edit'])).status).toBe(200);
    expect(await statuses(a.id, 'global')).toEqual({ 'Team.Edit': 'GRANTED', 'Team.View': 'GRANTED' });

    // project admin requesting a project right in BACKEND gets it at once
    await req('project:key:BACKEND', ['Project.Issues.Edit'], emu.tokens.projectAdmin);
    expect((await statuses(a.id, 'project:key:BACKEND'))['Project.Issues.Edit']).toBe('GRANTED');
  });

  test('validation: className context, unknown code, global right in a project, unknown project', async () => {
    const a = await createApp(emu, 'rights-val');
    const url = `/applications/id:${a.id}/authorizations/authorized-rights/request-rights`;
    const cls = await call(emu, 'PATCH', url, { token: emu.tokens.member, body: { contextIdentifier: { className: 'GlobalPermissionContextIdentifier' }, rightCodes: ['Team.View'] } });
    expect(cls.status).toBe(400);
    expect(cls.body.error).toBe('validation-error');
    expect(cls.body.error_description).toContain('contextIdentifier');
    const clsRight = await call(emu, 'PATCH', url, { token: emu.tokens.member, body: { contextIdentifier: 'global', rightCodes: [{ className: 'PermissionIdentifier.ViewTeams' }] } });
    expect(clsRight.status).toBe(400);
    expect(clsRight.body.error_description).toContain('rightCodes[0]');
    const unknown = await call(emu, 'PATCH', url, { token: emu.tokens.member, body: { contextIdentifier: 'global', rightCodes: ['Team.View', 'No.Such.Right'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_description).toContain('No.Such.Right');
    const globalOnly = await call(emu, 'PATCH', url, { token: emu.tokens.member, body: { contextIdentifier: 'project:key:BACKEND', rightCodes: ['Team.View'] } });
    expect(globalOnly.status).toBe(400);
    expect(globalOnly.body.error_description).toContain('Team.View');
    const noProject = await call(emu, 'PATCH', url, { token: emu.tokens.member, body: { contextIdentifier: 'project:key:NOPE', rightCodes: ['Project.View'] } });
    expect(noProject.status).toBe(404);
    const missing = await call(emu, 'PATCH', url, { token: emu.tokens.member, body: { contextIdentifier: 'global' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error_description).toContain('rightCodes');
    const badQuery = await call(emu, 'GET', `/applications/id:${a.id}/authorizations/authorized-rights?contextIdentifier=project:BACKEND`);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error_description).toContain('contextIdentifier');
  });

  test('required rights with requestRightsInAuthorizedContexts', async () => {
    const a = await createApp(emu, 'rights-req');
    await call(emu, 'PATCH', `/applications/id:${a.id}/authorizations/authorized-rights/request-rights`, { token: emu.tokens.member, body: { contextIdentifier: 'project:key:WEB', rightCodes: ['Project.View'] } });
    const r = await call(emu, 'PATCH', `/applications/id:${a.id}/authorizations/required-rights`, {
      token: emu.tokens.member,
      body: { rightCodesToAdd: ['Project.Issues.View', 'Team.Edit'], rightCodesToRemove: [], requestRightsInAuthorizedContexts: true },
    });
    expect(r.status).toBe(200);
    const req = await call(emu, 'GET', `/applications/id:${a.id}/authorizations/required-rights?$fields=rightCode,name`);
    expect(req.body.map((x: { rightCode: string }) => x.rightCode).sort()).toEqual(['Project.Issues.View', 'Team.Edit']);
    expect(await statuses(a.id, 'global')).toEqual({ 'Project.Issues.View': 'REQUESTED', 'Team.Edit': 'REQUESTED' });
    // project contexts only get project-level rights
    expect(await statuses(a.id, 'project:key:WEB')).toEqual({ 'Project.View': 'GRANTED', 'Project.Issues.View': 'REQUESTED' });
    const bad = await call(emu, 'PATCH', `/applications/id:${a.id}/authorizations/required-rights`, {
      token: emu.tokens.member, body: { rightCodesToAdd: ['Bogus'], rightCodesToRemove: [], requestRightsInAuthorizedContexts: false },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain("'Bogus'");
    await call(emu, 'PATCH', `/applications/id:${a.id}/authorizations/required-rights`, {
      token: emu.tokens.member, body: { rightCodesToAdd: [], rightCodesToRemove: ['Team.Edit'], requestRightsInAuthorizedContexts: false },
    });
    expect((await call(emu, 'GET', `/applications/id:${a.id}/authorizations/required-rights`)).body).toHaveLength(1);
  });

  test('authorized contexts, authorized applications, DELETE context', async () => {
    const a = await createApp(emu, 'rights-ctx');
    const ctxs0 = await call(emu, 'GET', `/applications/id:${a.id}/authorizations/authorized-contexts`);
    expect(ctxs0.body).toEqual([{ className: 'GlobalPermissionContext' }]);
    for (const ctx of ['project:key:MOBILE', 'project:key:BACKEND']) {
      await call(emu, 'PATCH', `/applications/id:${a.id}/authorizations/authorized-rights/request-rights`, { token: emu.tokens.member, body: { contextIdentifier: ctx, rightCodes: ['Project.Issues.View'] } });
    }
    const ctxs = await call(emu, 'GET', `/applications/id:${a.id}/authorizations/authorized-contexts`);
    expect(ctxs.body).toHaveLength(3);
    expect(ctxs.body[0]).toEqual({ className: 'GlobalPermissionContext' });
    expect(ctxs.body.slice(1).map((c: { className: string; project: { key: { key: string } } }) => [c.className, c.project.key.key])).toEqual([
      ['ProjectPermissionContext', 'BACKEND'], ['ProjectPermissionContext', 'MOBILE'],
    ]);
    expect(ctxs.body[1].project).toMatchObject({ id: 'prjBackend01', name: 'Backend', private: false, archived: false });

    const apps = await call(emu, 'GET', '/applications/authorizations/authorized-applications?contextIdentifier=project:key:MOBILE&$fields=id,name');
    expect(apps.body.map((x: { name: string }) => x.name)).toContain('rights-ctx');

    const del = await call(emu, 'DELETE', `/applications/id:${a.id}/authorizations/authorized-rights?contextIdentifier=project:key:MOBILE`, { token: emu.tokens.member });
    expect(del.status).toBe(200);
    expect(await statuses(a.id, 'project:key:MOBILE')).toEqual({});
    const after = await call(emu, 'GET', `/applications/id:${a.id}/authorizations/authorized-contexts`);
    expect(after.body.map((c: { className: string }) => c.className)).toEqual(['GlobalPermissionContext', 'ProjectPermissionContext']);
  });

  test('GET /permissions returns DTO_RightsWithHierarchy', async () => {
    const r = await call(emu, 'GET', '/permissions', { token: emu.tokens.member });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['deps', 'rights', 'rightsGroups']);
    const all = r.body.rights.flatMap((t: { rights: { code: string }[] }) => t.rights.map((x) => x.code));
    expect(all).toContain('Project.Issues.View');
    expect(r.body.rights[0].rightType).toHaveProperty('typeCode');
    const chk = await call(emu, 'POST', '/permissions/check-permission', {
      token: emu.tokens.member,
      body: { principal: { className: 'PrincipalIn.Profile', profile: 'username:pat' }, uniqueRightCode: 'Project.Admin', target: { className: 'ProjectPermissionTarget', project: 'key:BACKEND' } },
    });
    expect(chk.body).toBe(true);
  });
});
