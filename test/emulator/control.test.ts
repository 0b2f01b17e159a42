import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, createApp } from './helpers.js';

describe('fault injection, stats, recorded requests, latency', () => {
  let emu: Emulator;
  beforeAll(async () => { emu = await startEmulator({ port: 0 }); });
  afterAll(async () => { await emu.close(); });

  test('faults answer the next matching requests', async () => {
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', status: 429, retryAfterSeconds: 2, count: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await call(emu, 'GET', '/applications/paged');
      expect(r.status).toBe(429);
      expect(r.body.error).toBe('rate-limited');
      expect(r.headers.get('retry-after')).toBe('2');
    }
    expect((await call(emu, 'GET', '/applications/paged')).status).toBe(200);

    emu.injectFault({ pathPrefix: '/oauth/token', status: 503, error: 'internal-server-error', count: 1 });
    const t = await fetch(`${emu.url}/oauth/token`, { method: 'POST' });
    expect(t.status).toBe(503);

    emu.injectFault({ pathPrefix: '/projects', reset: true, count: 1 });
    await expect(call(emu, 'GET', '/projects')).rejects.toThrow();
    expect((await call(emu, 'GET', '/projects')).status).toBe(200);
  });

  test('stats and recorded requests exclude the control API', async () => {
    emu.resetStats();
    await createApp(emu, 'stats-app');
    await call(emu, 'GET', '/applications/paged?name=stats');
    await call(emu, 'GET', '/__emulator/stats');
    expect(emu.stats()).toEqual({ requests: 2, byMethod: { POST: 1, GET: 1 }, writes: 1 });
    const recs = emu.requests();
    const last = recs[recs.length - 1]!;
    expect(last).toMatchObject({ method: 'GET', path: '/api/http/applications/paged', query: { name: 'stats' }, status: 200 });
    expect(recs[recs.length - 2]).toMatchObject({ method: 'POST', body: { name: 'stats-app' }, status: 200 });
  });

  test('latency delays Space API requests', async () => {
    emu.setLatency(150);
    const t0 = Date.now();
    await call(emu, 'GET', '/projects');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    emu.setLatency(0);
  });

  test('control API over HTTP: auth, seed-apps, stats, latency, faults', async () => {
    expect((await call(emu, 'GET', '/__emulator/stats', { token: null })).status).toBe(401);
    expect((await call(emu, 'GET', '/__emulator/stats', { token: emu.tokens.member })).status).toBe(403);
    const seed = await call(emu, 'POST', '/__emulator/seed-apps', {
      body: { count: 300, prefix: 'bulk', ownerToken: 'member', requested: [{ context: 'global', rights: ['Team.View'] }, { context: 'project:key:BACKEND', rights: ['Project.Issues.View'] }] },
    });
    expect(seed.status).toBe(200);
    expect(seed.body).toEqual({ created: 300 });
    const page = await call(emu, 'GET', '/applications/paged?name=bulk-&$top=1000&$fields=totalCount,data(name)');
    expect(page.body.totalCount).toBe(300);
    const one = await call(emu, 'GET', '/applications/paged?name=bulk-17&$fields=data(id,name)');
    const id = one.body.data.find((x: { name: string }) => x.name === 'bulk-17').id;
    const rights = await call(emu, 'GET', `/applications/id:${id}/authorizations/authorized-rights?contextIdentifier=project:key:BACKEND&$fields=rightCode,status`);
    expect(rights.body).toEqual([{ rightCode: 'Project.Issues.View', status: 'REQUESTED' }]);
    expect((await call(emu, 'GET', `/applications/id:${id}/authorizations/required-rights`)).body).toHaveLength(2);
    expect((await call(emu, 'POST', '/__emulator/seed-apps', { body: { count: 1, prefix: 'bulk' } })).status).toBe(409);

    // Requester and request time are recorded as RightDTO.modificationAuthor / modificationTimestamp.
    const dated = await call(emu, 'POST', '/__emulator/seed-apps', {
      body: { count: 3, prefix: 'dated', ownerToken: 'member', requestedBy: 'projectAdmin', requestedAt: '2026-01-10T12:00:00Z', stepSeconds: -3600, requested: [{ context: 'global', rights: ['Team.View'] }] },
    });
    expect(dated.status).toBe(200);
    const d3 = (await call(emu, 'GET', '/applications/paged?name=dated-3&$fields=data(id,name)')).body.data[0].id;
    const hist = await call(emu, 'GET', `/applications/id:${d3}/authorizations/authorized-rights?contextIdentifier=global&$fields=rightCode,modificationAuthor(name),modificationTimestamp`);
    expect(hist.body).toEqual([{ rightCode: 'Team.View', modificationAuthor: { name: 'Pat Projectadmin' }, modificationTimestamp: '2026-01-10T10:00:00.000Z' }]);
    expect((await call(emu, 'POST', '/__emulator/seed-apps', { body: { count: 1, prefix: 'bad-date', requestedAt: 'yesterday' } })).status).toBe(400);
    expect((await call(emu, 'POST', '/__emulator/seed-apps', { body: { count: 1, prefix: 'bad-who', requestedBy: 'nobody' } })).status).toBe(400);

    await call(emu, 'POST', '/__emulator/stats/reset');
    await call(emu, 'GET', '/projects');
    const stats = await call(emu, 'GET', '/__emulator/stats');
    expect(stats.body).toEqual({ requests: 1, byMethod: { GET: 1 }, writes: 0 });
    const reqs = await call(emu, 'GET', '/__emulator/requests');
    expect(reqs.body[reqs.body.length - 1]).toMatchObject({ method: 'GET', path: '/api/http/projects' });

    expect((await call(emu, 'PUT', '/__emulator/latency', { body: { ms: 0 } })).status).toBe(200);
    expect((await call(emu, 'POST', '/__emulator/faults', { body: { pathPrefix: '/permissions', status: 500, count: 1 } })).status).toBe(200);
    const f = await call(emu, 'GET', '/permissions');
    expect(f.status).toBe(500);
    expect(f.body.error).toBe('internal-server-error');
  });
});

describe('rights-status: the server\'s own count of rights by status', () => {
  test('counts every app\'s rights over all contexts, and follows approvals', async () => {
    const e = await startEmulator({ port: 0 });
    try {
      expect((await call(e, 'GET', '/__emulator/rights-status', { token: e.tokens.member })).status).toBe(403);
      await call(e, 'POST', '/__emulator/seed-apps', {
        body: { count: 3, prefix: 'st', requested: [{ context: 'global', rights: ['Team.View', 'Profile.View'] }, { context: 'project:key:BACKEND', rights: ['Project.View'] }] },
      });
      expect((await call(e, 'GET', '/__emulator/rights-status')).body).toEqual({ apps: 3, byStatus: { REQUESTED: 9 } });
      const id = (await call(e, 'GET', '/applications/paged?name=st-2&$fields=data(id)')).body.data[0].id;
      const patch = await call(e, 'PATCH', `/applications/id:${id}/authorizations/authorized-rights`, {
        body: { contextIdentifier: 'global', updates: [{ rightCode: 'Team.View', status: 'GRANTED' }] },
      });
      expect(patch.status).toBe(200);
      expect((await call(e, 'GET', '/__emulator/rights-status')).body).toEqual({ apps: 3, byStatus: { REQUESTED: 8, GRANTED: 1 } });
    } finally {
      await e.close();
    }
  });
});

describe('persistence', () => {
  test('state survives a restart with statePath', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-state-'));
    const statePath = path.join(dir, 'state.json');
    try {
      const tokens = { adminToken: 'adm-fixed', memberToken: 'mem-fixed', projectAdminToken: 'pad-fixed' };
      const e1 = await startEmulator({ port: 0, statePath, ...tokens });
      const a = await createApp(e1, 'persist-me');
      await call(e1, 'PATCH', `/applications/id:${a.id}/authorizations/authorized-rights/request-rights`, { token: e1.tokens.member, body: { contextIdentifier: 'global', rightCodes: ['Team.Edit'] } });
      const secret = (await call(e1, 'GET', `/applications/id:${a.id}/client-secret`)).body;
      await e1.close();
      expect(fs.existsSync(statePath)).toBe(true);

      const e2 = await startEmulator({ port: 0, statePath, ...tokens });
      try {
        const g = await call(e2, 'GET', `/applications/id:${a.id}`);
        expect(g.status).toBe(200);
        expect(g.body).toMatchObject({ name: 'persist-me', clientId: a.clientId });
        expect((await call(e2, 'GET', `/applications/clientId:${a.clientId}/client-secret`)).body).toBe(secret);
        const r = await call(e2, 'GET', `/applications/id:${a.id}/authorizations/authorized-rights?contextIdentifier=global&$fields=rightCode,status`);
        expect(r.body).toEqual([{ rightCode: 'Team.Edit', status: 'REQUESTED' }]);
        expect((await call(e2, 'POST', '/applications', { token: e2.tokens.member, body: { name: 'persist-me' } })).status).toBe(409);
      } finally {
        await e2.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
