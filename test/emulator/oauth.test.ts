import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { appToken, call, createApp } from './helpers.js';

let emu: Emulator;
beforeAll(async () => { emu = await startEmulator({ port: 0, tokenTtlSeconds: 1 }); });
afterAll(async () => { await emu.close(); });

async function secretOf(id: string): Promise<string> {
  return (await call(emu, 'GET', `/applications/id:${id}/client-secret`)).body;
}

describe('oauth client credentials', () => {
  test('issue a token, use it with me, expiry', async () => {
    const a = await createApp(emu, 'oauth-app');
    const t = await appToken(emu, a.clientId, await secretOf(a.id));
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ token_type: 'Bearer', expires_in: 1, scope: '**' });
    const token = t.body.access_token as string;

    const me = await call(emu, 'GET', '/applications/me?$fields=id,name', { token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: a.id, name: 'oauth-app' });
    expect((await call(emu, 'GET', `/applications/clientId:${a.clientId}`, { token })).status).toBe(200);

    // the app itself may request rights with `me`; nothing is granted yet
    const rr = await call(emu, 'PATCH', '/applications/me/authorizations/authorized-rights/request-rights', { token, body: { contextIdentifier: 'global', rightCodes: ['Applications.View'] } });
    expect(rr.status).toBe(200);
    const other = await createApp(emu, 'oauth-other');
    const denied = await call(emu, 'GET', `/applications/id:${other.id}`, { token });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('permission-denied');

    // after the admin grants Applications.View the app may read other apps
    await call(emu, 'PATCH', `/applications/id:${a.id}/authorizations/authorized-rights`, { body: { contextIdentifier: 'global', updates: [{ rightCode: 'Applications.View', status: 'GRANTED' }] } });
    expect((await call(emu, 'GET', `/applications/id:${other.id}`, { token })).status).toBe(200);

    const prof = await call(emu, 'GET', '/team-directory/profiles/me', { token });
    expect(prof.status).toBe(403);
    expect(prof.body.error_description).toContain('applications have no profile');

    const last = await call(emu, 'GET', `/applications/id:${a.id}/last-client-credentials-access`);
    expect(last.body).toHaveProperty('address');

    await new Promise((r) => setTimeout(r, 1100));
    const expired = await call(emu, 'GET', '/applications/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: 'authentication-required', error_description: 'Access token has expired' });
  });

  test('bad client, wrong grant, missing scope, disabled flow', async () => {
    const a = await createApp(emu, 'oauth-bad');
    const bad = await appToken(emu, a.clientId, 'wrong');
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_client');

    const secret = await secretOf(a.id);
    const post = (form: Record<string, string>) => fetch(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${a.clientId}:${secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const grant = await post({ grant_type: 'password', scope: '**' });
    expect(grant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const noScope = await post({ grant_type: 'client_credentials' });
    expect(noScope.status).toBe(400);
    expect(noScope.body.error_description).toContain('scope');

    await call(emu, 'PATCH', `/applications/id:${a.id}`, { token: emu.tokens.member, body: { clientCredentialsFlowEnabled: false } });
    const disabled = await appToken(emu, a.clientId, secret);
    expect(disabled.status).toBe(401);
    expect(disabled.body.error).toBe('invalid_client');
    expect(disabled.body.error_description).toContain('Client credentials flow is disabled');
  });

  test('permanent tokens act as the app', async () => {
    const a = await createApp(emu, 'perm-app');
    const c = await call(emu, 'POST', `/applications/id:${a.id}/permanent-tokens`, { token: emu.tokens.member, body: { name: 'ci', scope: 'global:Project.View', expires: null } });
    expect(c.status).toBe(200);
    expect(c.body.first).toMatchObject({ name: 'ci', scope: 'global:Project.View' });
    expect(typeof c.body.second).toBe('string');
    expect((await call(emu, 'GET', '/applications/me?$fields=name', { token: c.body.second })).body).toEqual({ id: a.id, name: 'perm-app' });
    const list = await call(emu, 'GET', `/applications/id:${a.id}/permanent-tokens`);
    expect(list.body.totalCount).toBe(1);
    expect((await call(emu, 'DELETE', `/applications/me/permanent-tokens/current`, { token: c.body.second })).status).toBe(200);
    expect((await call(emu, 'GET', '/applications/me', { token: c.body.second })).status).toBe(401);
  });
});
