import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { allOperations, checkBody } from '../../src/emulator/contract.js';
import { routes } from '../../src/emulator/handlers/index.js';
import { call, createApp } from './helpers.js';

let emu: Emulator;
beforeAll(async () => { emu = await startEmulator({ port: 0 }); });
afterAll(async () => { await emu.close(); });

describe('contract layer', () => {
  test('every operation of the spec has a handler and its body schema compiles', () => {
    const ops = allOperations();
    expect(ops.length).toBeGreaterThanOrEqual(37);
    for (const op of ops) {
      expect(routes.has(`${op.method} ${op.path}`)).toBe(true);
      if (op.body) expect(() => checkBody(op, {}, true)).not.toThrow(TypeError);
    }
    expect(routes.size).toBe(ops.length);
  });

  test('unknown query parameter and unknown body field are named', async () => {
    const q = await call(emu, 'GET', '/applications/paged?pageSize=10');
    expect(q.status).toBe(400);
    expect(q.body.error).toBe('validation-error');
    expect(q.body.error_description).toContain("'pageSize'");
    const b = await call(emu, 'POST', '/applications', { token: emu.tokens.member, body: { name: 'x1', endpointURI: 'https://a' } });
    expect(b.status).toBe(400);
    expect(b.body.error_description).toContain("'endpointURI'");
    expect(b.body.error_description).not.toMatch(/\n/);
    const nested = await call(emu, 'PATCH', '/applications/id:whatever/authorizations/authorized-rights', { body: { contextIdentifier: 'global', updates: [{ rightCode: 'Team.View', status: 'GRANTED', extra: 1 }] } });
    expect(nested.status).toBe(400);
    expect(nested.body.error_description).toContain('updates[0].extra');
  });

  test('types, enums, required fields, nullable', async () => {
    const t = await call(emu, 'POST', '/applications', { token: emu.tokens.member, body: { name: 'x2', codeFlowEnabled: 'yes' } });
    expect(t.body.error_description).toBe("Field 'codeFlowEnabled' must be boolean or null");
    const req = await call(emu, 'POST', '/applications', { token: emu.tokens.member, body: { description: 'no name' } });
    expect(req.body.error_description).toBe("Missing required field 'name'");
    const en = await call(emu, 'PATCH', '/applications/id:abc', { token: emu.tokens.member, body: { appLevelAuth: 'Token' } });
    expect(en.status).toBe(400);
    expect(en.body.error_description).toContain('appLevelAuth');
    const ok = await call(emu, 'POST', '/applications', { token: emu.tokens.member, body: { name: 'x3', description: null, appLevelAuth: null } });
    expect(ok.status).toBe(200);
    const pat = await call(emu, 'PATCH', `/applications/id:${ok.body.id}`, { token: emu.tokens.member, body: { description: null } });
    expect(pat.status).toBe(400); // PATCH description is not nullable in the spec
    const top = await call(emu, 'GET', '/applications/paged?$top=ten');
    expect(top.body.error_description).toContain('$top');
  });

  test('malformed JSON, wrong content type, bodies on body-less operations', async () => {
    const a = await createApp(emu, 'contract-app');
    const bad = await call(emu, 'POST', '/applications', { token: emu.tokens.member, body: '{"name":' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('validation-error');
    const ct = await call(emu, 'POST', '/applications', { token: emu.tokens.member, body: '{"name":"ct"}', headers: { 'Content-Type': 'text/plain' } });
    expect(ct.status).toBe(400);
    expect(ct.body.error_description).toContain('Content-Type');
    const regen = await call(emu, 'POST', `/applications/id:${a.id}/client-secret/regenerate`, { token: emu.tokens.member, body: { x: 1 } });
    expect(regen.status).toBe(400);
  });

  test('paths: identifiers, percent-encoding, unknown paths and methods', async () => {
    const a = await createApp(emu, 'path-app');
    expect((await call(emu, 'GET', `/applications/id%3A${a.id}`)).status).toBe(200);
    const name = await call(emu, 'GET', '/applications/name:path-app');
    expect(name.status).toBe(400);
    expect(name.body.error_description).toContain("'application'");
    expect((await call(emu, 'GET', '/projects/BACKEND')).status).toBe(400);
    const unknown = await call(emu, 'GET', '/applications/id:x/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not-found');
    const m = await call(emu, 'PUT', `/applications/id:${a.id}`);
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('GET, PATCH, DELETE');
  });

  test('$fields: projection, nesting, unknown names', async () => {
    const a = await createApp(emu, 'fields-app', emu.tokens.member, { endpointUri: 'https://f.example.com' });
    const r = await call(emu, 'GET', `/applications/id:${a.id}?$fields=name,owner(username),settings(endpoint(url))`);
    expect(r.body).toEqual({ id: a.id, name: 'fields-app', owner: { id: emu.users.member.id, username: 'max' }, settings: { endpoint: { url: 'https://f.example.com' } } });
    const paged = await call(emu, 'GET', '/applications/paged?name=fields-app&$fields=data(clientId)');
    expect(paged.body).toEqual({ data: [{ id: a.id, clientId: a.clientId }] });
    const bad = await call(emu, 'GET', `/applications/id:${a.id}?$fields=name,endpointUri`);
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('endpointUri');
    const malformed = await call(emu, 'GET', `/applications/id:${a.id}?$fields=name,(`);
    expect(malformed.status).toBe(400);
    expect((await call(emu, 'GET', '/applications/paged?$fields=next,totalCount,data(id,name)')).status).toBe(200);
  });

  test('rights: member may not delete apps or list without token rights', async () => {
    const a = await createApp(emu, 'rights-check');
    const r = await call(emu, 'POST', `/applications/id:${a.id}/force-remove`, { token: emu.tokens.member });
    expect(r.status).toBe(403);
    expect(r.body.error_description).toContain('Applications.Delete');
  });
});
