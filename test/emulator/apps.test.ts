import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, createApp } from './helpers.js';

let emu: Emulator;
beforeAll(async () => { emu = await startEmulator({ port: 0 }); });
afterAll(async () => { await emu.close(); });

describe('applications', () => {
  test('create returns ES_App with defaults and honours $fields', async () => {
    const r = await call(emu, 'POST', '/applications', { token: emu.tokens.member, body: { name: 'create-1', description: 'd', endpointUri: 'https://bot.example.com/space' } });
    expect(r.status).toBe(200);
    const app = r.body;
    expect(app.id).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(app.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(app).toMatchObject({
      name: 'create-1', description: 'd', archived: false, applicationType: 'Application',
      clientCredentialsFlowEnabled: true, codeFlowEnabled: false, implicitFlowEnabled: false,
      endpointURI: 'https://bot.example.com/space', hasSigningKey: false, hasBearerToken: false,
    });
    expect(app.owner).toMatchObject({ id: emu.users.member.id, username: 'max', name: { firstName: 'Max', lastName: 'Member' } });
    expect(app.settings.endpoint).toEqual({ url: 'https://bot.example.com/space', sslVerification: true });
    expect(app).not.toHaveProperty('clientSecret');
    expect(Date.parse(app.createdAt)).not.toBeNaN();

    const f = await call(emu, 'POST', '/applications?$fields=id,clientId,name', { token: emu.tokens.member, body: { name: 'create-2' } });
    expect(Object.keys(f.body).sort()).toEqual(['clientId', 'id', 'name']);

    const secret = await call(emu, 'GET', `/applications/id:${app.id}/client-secret`);
    expect(typeof secret.body).toBe('string');
    expect(secret.body.length).toBeGreaterThanOrEqual(40);
  });

  test('create with given clientId/secret and appLevelAuth object', async () => {
    const r = await call(emu, 'POST', '/applications', {
      token: emu.tokens.member,
      body: { name: 'create-3', clientId: 'my-client', clientSecret: 's3cret', appLevelAuth: { className: 'EndpointAuthCreate.SigningKey' } },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ clientId: 'my-client', hasSigningKey: true });
    expect(r.body.settings.endpointAuth.appLevelAuth).toEqual({ className: 'EndpointAuthRead.SigningKey' });
    expect((await call(emu, 'GET', '/applications/clientId:my-client/client-secret')).body).toBe('s3cret');
    const key = await call(emu, 'GET', '/applications/clientId:my-client/signing-key');
    expect(key.body).toMatch(/^[0-9a-f]{64}$/);
    expect((await call(emu, 'GET', '/applications/clientId:my-client/verification-token')).body).toBeNull();
    const dup = await call(emu, 'POST', '/applications', { token: emu.tokens.member, body: { name: 'create-4', clientId: 'my-client' } });
    expect(dup.status).toBe(409);
  });

  test('duplicate name → 409 duplicated-entity', async () => {
    await createApp(emu, 'dup-app');
    const r = await call(emu, 'POST', '/applications', { token: emu.tokens.member, body: { name: 'dup-app' } });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ error: 'duplicated-entity', error_description: "Application with name 'dup-app' already exists" });
  });

  test('list: name filter and paging with $top=2 across pages', async () => {
    for (const n of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) await createApp(emu, n);
    const seen: string[] = [];
    let skip = '';
    let pages = 0;
    for (;;) {
      const r = await call(emu, 'GET', `/applications/paged?name=PAGE-&$top=2&$skip=${skip}&$fields=next,totalCount,data(id,name)`);
      expect(r.status).toBe(200);
      expect(typeof r.body.next).toBe('string');
      expect(r.body.totalCount).toBe(5);
      if (r.body.data.length === 0) break;
      expect(r.body.data.length).toBeLessThanOrEqual(2);
      for (const a of r.body.data) { expect(Object.keys(a).sort()).toEqual(['id', 'name']); seen.push(a.name); }
      skip = r.body.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['page-a', 'page-b', 'page-c', 'page-d', 'page-e']);
    const z = await call(emu, 'GET', '/applications/paged?name=page-&ordering=NAME_Z_TO_A&$fields=data(name)');
    expect(z.body.data.map((a: { name: string }) => a.name)).toEqual(['page-e', 'page-d', 'page-c', 'page-b', 'page-a']);
  });

  test('get, patch (only given fields), delete', async () => {
    const a = await createApp(emu, 'crud-app', emu.tokens.member, { description: 'keep me' });
    const g = await call(emu, 'GET', `/applications/clientId%3A${a.clientId}`);
    expect(g.status).toBe(200);
    expect(g.body.id).toBe(a.id);

    const p = await call(emu, 'PATCH', `/applications/id:${a.id}?$fields=id,name,description,codeFlowEnabled,codeFlowRedirectURIs,pkceRequired,endpointURI,hasSigningKey,hasVerificationToken,settings(endpointAuth)`, {
      token: emu.tokens.member,
      body: { codeFlowEnabled: true, pkceRequired: true, codeFlowRedirectURIs: 'https://app.example.com/cb\nhttp://localhost:8080/cb', endpointUri: 'https://x.example.com/hook', appLevelAuth: 'SigningKey', hasVerificationToken: true },
    });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({
      name: 'crud-app', description: 'keep me', codeFlowEnabled: true, pkceRequired: true,
      codeFlowRedirectURIs: 'https://app.example.com/cb\nhttp://localhost:8080/cb', endpointURI: 'https://x.example.com/hook',
      hasSigningKey: true, hasVerificationToken: true,
    });
    expect(p.body.settings.endpointAuth).toMatchObject({ appLevelAuth: { className: 'EndpointAuthRead.SigningKey' }, verificationToken: true });
    expect((await call(emu, 'GET', `/applications/id:${a.id}/verification-token`)).body).toMatch(/^[0-9a-f]{64}$/);

    const clear = await call(emu, 'PATCH', `/applications/id:${a.id}`, { token: emu.tokens.member, body: { endpointUri: null } });
    expect(clear.body.endpointURI).toBeNull();

    const badUri = await call(emu, 'PATCH', `/applications/id:${a.id}`, { token: emu.tokens.member, body: { implicitFlowRedirectURIs: 'https://ok.example.com\n/relative/cb' } });
    expect(badUri.status).toBe(400);
    expect(badUri.body.error_description).toContain('/relative/cb');
    const badEndpoint = await call(emu, 'PATCH', `/applications/id:${a.id}`, { token: emu.tokens.member, body: { endpointUri: 'ftp://x' } });
    expect(badEndpoint.body.error).toBe('validation-error');

    const rename = await call(emu, 'PATCH', `/applications/id:${a.id}`, { token: emu.tokens.member, body: { name: 'dup-app' } });
    expect(rename.status).toBe(409);

    expect((await call(emu, 'DELETE', `/applications/id:${a.id}`, { token: emu.tokens.member })).status).toBe(403); // max lacks Applications.Delete
    const del = await call(emu, 'DELETE', `/applications/id:${a.id}`);
    expect(del.status).toBe(200);
    expect(del.text).toBe('');
    const gone = await call(emu, 'GET', `/applications/id:${a.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toBe('not-found');
    // the name is free again
    await createApp(emu, 'crud-app');
  });

  test('unknown app → 404; me with a user token → 400', async () => {
    const r = await call(emu, 'GET', '/applications/id:doesnotexist');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'not-found', error_description: "Application 'id:doesnotexist' not found" });
    expect((await call(emu, 'GET', '/applications/me')).status).toBe(400);
  });

  test('no or bad token → 401 authentication-required', async () => {
    const none = await call(emu, 'GET', '/applications/paged', { token: null });
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('authentication-required');
    const bad = await call(emu, 'GET', '/applications/paged', { token: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('authentication-required');
  });

  test('secrets: regenerate, bearer token, public keys JWKS', async () => {
    const a = await createApp(emu, 'secret-app', emu.tokens.member, { appLevelAuth: { className: 'EndpointAuthCreate.Bearer', token: 'tok-1' } });
    const s1 = (await call(emu, 'GET', `/applications/id:${a.id}/client-secret`)).body;
    const regen = await call(emu, 'POST', `/applications/id:${a.id}/client-secret/regenerate`, { token: emu.tokens.member });
    expect(regen.status).toBe(200);
    expect(regen.text).toBe('');
    expect((await call(emu, 'POST', `/applications/id:${a.id}/signing-key/regenerate`, { token: emu.tokens.member, body: {} })).status).toBe(200);
    expect((await call(emu, 'GET', `/applications/id:${a.id}/client-secret`)).body).not.toBe(s1);
    expect((await call(emu, 'GET', `/applications/id:${a.id}/bearer-token`)).body).toBe('tok-1');
    const pk = await call(emu, 'GET', `/applications/id:${a.id}/public-keys`);
    expect(typeof pk.body).toBe('string');
    const jwks = JSON.parse(pk.body);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', e: 'AQAB', alg: 'RS512', use: 'sig' });
  });

  test('projects and profiles', async () => {
    const list = await call(emu, 'GET', '/projects?term=back&$fields=next,totalCount,data(id,key,name)', { token: emu.tokens.member });
    expect(list.body.data).toEqual([{ id: 'prjBackend01', key: { key: 'BACKEND' }, name: 'Backend' }]);
    expect((await call(emu, 'GET', '/projects/key:MOBILE', { token: emu.tokens.member })).body.name).toBe('Mobile');
    expect((await call(emu, 'GET', '/projects/id:prjWebSite01')).body.key).toEqual({ key: 'WEB' });
    expect((await call(emu, 'GET', '/projects/key:NOPE')).status).toBe(404);
    const me = await call(emu, 'GET', '/team-directory/profiles/me', { token: emu.tokens.projectAdmin });
    expect(me.body).toMatchObject({ id: emu.users.projectAdmin.id, username: 'pat', name: { firstName: 'Pat', lastName: 'Projectadmin' } });
    expect((await call(emu, 'GET', '/team-directory/profiles/username:admin')).body.id).toBe(emu.users.admin.id);
  });
});
