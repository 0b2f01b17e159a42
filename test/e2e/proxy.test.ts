// Corporate proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured, through a CONNECT proxy written here that
// reaches 127.0.0.1 whatever name it is asked for. The server is addressed as space.test, a name that does not
// resolve, so only a request that really went through the proxy can succeed.
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { envFor, startTestEmulator } from '../helpers/emulator.js';
import { connectProxy, type TestProxy } from '../helpers/hostile.js';
import { makeTestPki, type TestPki } from '../helpers/tls.js';

let emu: Emulator;
const proxies: TestProxy[] = [];
beforeAll(async () => { emu = await startTestEmulator(); });
afterEach(async () => { await Promise.all(proxies.splice(0).map((p) => p.close())); });
afterAll(async () => { await emu.close(); });

async function proxy(o: Parameters<typeof connectProxy>[0] = {}): Promise<TestProxy> {
  const p = await connectProxy(o);
  proxies.push(p);
  return p;
}
// The emulator speaks plain http; under a name that is not loopback that needs SPACECTL_ALLOW_HTTP=1.
const unresolvable = (e: Emulator) => e.url.replace('127.0.0.1', 'space.test');
const PASSWORD = 'proxy-pw-5e1c9b7d';

test('HTTP_PROXY / https_proxy are honoured: every request, reads and writes, goes through the tunnel', async () => {
  const p = await proxy();
  const port = new URL(emu.url).port;
  for (const [name, create] of [['HTTP_PROXY', 'via-proxy-1'], ['http_proxy', 'via-proxy-2']] as const) {
    const env = envFor(emu, 'admin', { SPACE_URL: unresolvable(emu), SPACECTL_ALLOW_HTTP: '1', [name]: p.url });
    const made = await runCli(['app', 'create', '--name', create], { env });
    expect(made.stderr).toMatch(/Created application/);
    expect(made.code).toBe(0);
    const list = await runCli(['app', 'list'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(create);
  }
  expect(new Set(p.tunnels)).toEqual(new Set([`space.test:${port}`]));
});

test('the installed CLI (bin/spacectl.cjs, its bundles) goes through the proxy too', async () => {
  const p = await proxy();
  const r = await spawnCli(['app', 'list', '--json'], { env: envFor(emu, 'admin', { SPACE_URL: unresolvable(emu), SPACECTL_ALLOW_HTTP: '1', HTTPS_PROXY: p.url, HTTP_PROXY: p.url }) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  expect(p.tunnels).toEqual([`space.test:${new URL(emu.url).port}`]);
});

test('without a proxy, or with the server in NO_PROXY, the name does not resolve: the proxy above was really used', async () => {
  const p = await proxy();
  for (const extra of [{}, { HTTP_PROXY: p.url, NO_PROXY: 'example.com, .space.test' }, { HTTP_PROXY: p.url, no_proxy: '*' }]) {
    const r = await runCli(['app', 'list'], { env: envFor(emu, 'admin', { SPACE_URL: unresolvable(emu), SPACECTL_ALLOW_HTTP: '1', ...extra }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot reach http:\/\/space\.test:\d+: (host not found|EAI_AGAIN)/m);
  }
  expect(p.tunnels).toEqual([]);
});

test('a loopback server is never sent to the proxy', async () => {
  const r = await runCli(['app', 'list'], { env: envFor(emu, 'admin', { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' }) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

test('proxy credentials in the URL are used; a refusal (407) is one line naming the proxy, never the password', async () => {
  const p = await proxy({ credentials: `corp:${PASSWORD}` });
  const withAuth = (pw: string) => envFor(emu, 'admin', { SPACE_URL: unresolvable(emu), SPACECTL_ALLOW_HTTP: '1', HTTP_PROXY: p.url.replace('//', `//corp:${pw}@`) });
  expect((await runCli(['app', 'list'], { env: withAuth(PASSWORD) })).code).toBe(0);
  for (const argv of [['app', 'list'], ['app', 'list', '--verbose'], ['app', 'list', '--json']]) {
    const r = await runCli(argv, { env: withAuth(`${PASSWORD}-wrong`) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot reach http:\/\/space\.test:\d+ through the proxy http:\/\/127\.0\.0\.1:\d+: the proxy refused the connection \(HTTP 407, proxy authentication required\)/m);
    expect(r.stderr).toMatch(/^hint: Check HTTPS_PROXY \/ HTTP_PROXY/m);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  }
});

test('a proxy variable that is not a proxy URL is a usage error naming the variable, not its value', async () => {
  const r = await runCli(['app', 'list'], { env: envFor(emu, 'admin', { SPACE_URL: unresolvable(emu), SPACECTL_ALLOW_HTTP: '1', HTTPS_PROXY: `ftp://corp:${PASSWORD}@proxy` }) });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^error: HTTPS_PROXY is not an http:\/\/ or https:\/\/ proxy URL/m);
  expect(r.stderr).not.toContain(PASSWORD);
});

const made = makeTestPki();
const skipped = 'skipped' in made ? made.skipped : undefined;
if (skipped) console.warn(`SKIPPED test/e2e/proxy.test.ts (HTTPS through the proxy): ${skipped}`);
(skipped ? test.skip : test)('HTTPS through the proxy: the tunnel carries TLS, and the server certificate is still checked (--ca-file)', async () => {
  const pki = made as TestPki;
  const tlsEmu = await startTestEmulator({ tls: { cert: pki.cert, key: pki.key } });
  try {
    const p = await proxy();
    const env = (extra: Record<string, string>) => envFor(tlsEmu, 'admin', { SPACE_URL: unresolvable(tlsEmu), HTTPS_PROXY: p.url, ...extra });
    const untrusted = await runCli(['app', 'list'], { env: env({}) });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/^error: the certificate of space\.test:\d+ is not trusted/m);
    const trusted = await runCli(['app', 'list'], { env: env({ SPACECTL_CA_FILE: pki.caFile }) });
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    expect(p.tunnels.length).toBeGreaterThanOrEqual(2);
  } finally {
    await tlsEmu.close();
  }
});

test('TAB completion of app names goes through the proxy, and trusts the CA, like every other command', async () => {
  const p = await proxy();
  const env = envFor(emu, 'admin', { SPACE_URL: unresolvable(emu), SPACECTL_ALLOW_HTTP: '1', HTTP_PROXY: p.url });
  const r = await runCli(['__complete', '--', 'app', 'show', '--app', 'via-proxy-'], { env });
  expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['via-proxy-1', 'via-proxy-2']));
  expect(p.tunnels).toEqual([`space.test:${new URL(emu.url).port}`]);
  if (skipped) return;
  const pki = made as TestPki;
  const tlsEmu = await startTestEmulator({ tls: { cert: pki.cert, key: pki.key } });
  try {
    expect((await runCli(['app', 'create', '--name', 'over-tls'], { env: envFor(tlsEmu, 'admin', { SPACECTL_CA_FILE: pki.caFile }) })).code).toBe(0);
    const tls = await runCli(['__complete', '--', 'app', 'show', '--app', 'over'], { env: envFor(tlsEmu, 'admin', { SPACECTL_CA_FILE: pki.caFile }) });
    expect(tls.stdout.trim()).toBe('over-tls');
  } finally {
    await tlsEmu.close();
  }
});
