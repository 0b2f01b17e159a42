// The typed client against the emulator over real HTTP: token refresh, paging, retries on resets.
import type { Emulator } from '../../src/emulator/index.js';
import { clientCredentialsAuth, tokenAuth } from '../../src/api/auth.js';
import { createAgent, SpaceClient, Transport } from '../../src/api/client.js';
import { createApp, getAppSecret, listApps } from '../../src/api/apps.js';
import { appId } from '../../src/api/ids.js';
import { getMyApplication } from '../../src/api/misc.js';
import { startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
const agent = createAgent();
beforeAll(async () => { emu = await startTestEmulator({ tokenTtlSeconds: 1 }); });
afterAll(async () => { await agent.close(); await emu.close(); });

const adminClient = () => new SpaceClient({ serverUrl: emu.url, auth: tokenAuth(TOKENS.admin), dispatcher: agent }, new Transport({ dispatcher: agent, retry: { maxRetries: 3, maxTotalMs: 5_000, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 1_000 } }));
const tokenCalls = () => emu.requests().filter((r) => r.path === '/oauth/token').length;

test('an access token Space reports expired is fetched anew once, and the call succeeds', async () => {
  const admin = adminClient();
  const app = await createApp(admin, { name: 'refresh-bot' });
  const secret = (await getAppSecret(admin, appId(app.id), 'client-secret'))!;
  // A clock stuck in the past once the token is stored: the local cache keeps trusting the token after the
  // server (TTL 1 s) has expired it, which is the case the retry exists for (clock skew, a long pause).
  let reads = 0;
  const clock = () => (reads++ === 0 ? Date.now() : 0);
  const transport = new Transport({ dispatcher: agent });
  const auth = clientCredentialsAuth({ serverUrl: emu.url, clientId: app.clientId, clientSecret: secret }, () => transport, clock);
  const api = new SpaceClient({ serverUrl: emu.url, auth, dispatcher: agent }, transport);
  const before = tokenCalls();
  expect((await getMyApplication(api)).name).toBe('refresh-bot');
  expect((await getMyApplication(api)).name).toBe('refresh-bot'); // cached: no second token request
  expect(tokenCalls() - before).toBe(1);
  await new Promise((r) => setTimeout(r, 1_200));
  expect((await getMyApplication(api)).name).toBe('refresh-bot');
  expect(tokenCalls() - before).toBe(2);
  const expired = emu.requests().filter((r) => r.path === '/api/http/applications/me' && r.status === 401);
  expect(expired).toHaveLength(1);
});

test('concurrent calls share one token request', async () => {
  const admin = adminClient();
  const app = await createApp(admin, { name: 'shared-token-bot' });
  const secret = (await getAppSecret(admin, appId(app.id), 'client-secret'))!;
  const transport = new Transport({ dispatcher: agent });
  const auth = clientCredentialsAuth({ serverUrl: emu.url, clientId: app.clientId, clientSecret: secret }, () => transport);
  const api = new SpaceClient({ serverUrl: emu.url, auth, dispatcher: agent }, transport);
  const before = tokenCalls();
  await Promise.all([getMyApplication(api), getMyApplication(api), getMyApplication(api)]);
  expect(tokenCalls() - before).toBe(1);
});

test('paging streams page by page with $skip/$top and stops early when the caller does', async () => {
  const admin = adminClient();
  for (let i = 1; i <= 5; i++) await createApp(admin, { name: `page-bot-${i}` });
  const before = emu.requests().length;
  const names: string[] = [];
  for await (const a of listApps(admin, { name: 'page-bot-', pageSize: 2 })) names.push(a.name);
  expect(names).toEqual(['page-bot-1', 'page-bot-2', 'page-bot-3', 'page-bot-4', 'page-bot-5']);
  const pages = emu.requests().slice(before);
  expect(pages.map((p) => p.query.$skip ?? null)).toEqual([null, '2', '4']); // 3 pages; totalCount saves a 4th, empty one
  expect(pages.every((p) => p.query.$top === '2')).toBe(true);

  const early = emu.requests().length;
  for await (const a of listApps(admin, { name: 'page-bot-', pageSize: 2 })) if (a.name === 'page-bot-1') break;
  expect(emu.requests().length - early).toBe(1);
});

test('a GET whose connection is reset is retried; the caller never sees it', async () => {
  emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', reset: true, count: 1 });
  const before = emu.requests().length;
  const all = [];
  for await (const a of listApps(adminClient(), { name: 'page-bot-1' })) all.push(a);
  expect(all.map((a) => a.name)).toEqual(['page-bot-1']);
  expect(emu.requests().slice(before).map((r) => r.status)).toEqual([0, 200]);
});
