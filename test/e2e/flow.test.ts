import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter, spawnCli } from '../helpers/cli.js';
import { envFor, startTestEmulator, writesSince, newApp } from '../helpers/emulator.js';

let emu: Emulator;
let env: Record<string, string | undefined>;
beforeAll(async () => {
  emu = await startTestEmulator();
  env = envFor(emu);
});
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s);
const lastPatch = () => emu.requests().filter((q) => q.method === 'PATCH').pop();
const flows = async (app: string) => {
  const r = await runCli(['flow', 'list', '--app', app, '--json'], { env });
  expect(r.code).toBe(0);
  return json(r.stdout) as { flows: Array<{ flow: string; enabled: boolean; redirectUris?: string[]; pkceRequired?: boolean; source: string; reason: string }> };
};
const flow = async (app: string, name: string) => (await flows(app)).flows.find((x) => x.flow === name)!;

describe('flow enable authorization-code', () => {
  test('two URIs, then a third: all three set; the PATCH carries only the changed fields', async () => {
    const app = await newApp(env, 'flow-app');
    const a = await runCli(['flow', 'enable', '--app', app, 'authorization-code', '--redirect-uri', 'https://a.example.com/cb', '--redirect-uri', 'http://localhost:8080/cb', '--pkce', '--json'], { env });
    expect(a.code).toBe(0);
    expect(json(a.stdout)).toMatchObject({ flow: 'authorization-code', enabled: true, changed: true, redirectUris: ['https://a.example.com/cb', 'http://localhost:8080/cb'], pkceRequired: true, redirectUrisVerified: true });
    expect(lastPatch()?.body).toEqual({ codeFlowEnabled: true, codeFlowRedirectURIs: 'https://a.example.com/cb\nhttp://localhost:8080/cb', pkceRequired: true });

    const b = await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'https://c.example.com/cb', '--json'], { env });
    expect(b.code).toBe(0);
    expect(json(b.stdout)).toMatchObject({ changed: true, added: ['https://c.example.com/cb'], sent: ['codeFlowRedirectURIs'] });
    expect(lastPatch()?.body).toEqual({ codeFlowRedirectURIs: 'https://a.example.com/cb\nhttp://localhost:8080/cb\nhttps://c.example.com/cb' });
    expect((await flow(app, 'authorization-code')).redirectUris).toEqual(['https://a.example.com/cb', 'http://localhost:8080/cb', 'https://c.example.com/cb']);
  });

  test('a re-run sends no PATCH and says it is already there (exit 0)', async () => {
    const app = await newApp(env, 'flow-app');
    await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'https://a.example.com/cb', '--pkce'], { env });
    const before = emu.requests().length;
    const r = await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'HTTPS://A.example.com/cb', '--pkce'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/already enabled.*already there/);
    expect(writesSince(emu, before)).toEqual([]);
    const j = await runCli(['flow', 'enable', '--app', app, 'code', '--json'], { env });
    expect(json(j.stdout)).toMatchObject({ changed: false, sent: [], redirectUris: ['https://a.example.com/cb'] });
    expect(writesSince(emu, before)).toEqual([]);
  });

  test('--remove-redirect-uri takes one away; removing an absent one is a note; removing the last is refused', async () => {
    const app = await newApp(env, 'flow-app');
    await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'https://a.example.com/cb', '--redirect-uri', 'https://b.example.com/cb'], { env });
    const r = await runCli(['flow', 'enable', '--app', app, 'code', '--remove-redirect-uri', 'https://a.example.com/cb', '--remove-redirect-uri', 'https://zzz.example.com/cb', '--json'], { env });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ redirectUris: ['https://b.example.com/cb'], removed: ['https://a.example.com/cb'], absent: ['https://zzz.example.com/cb'] });
    const before = emu.requests().length;
    const last = await runCli(['flow', 'enable', '--app', app, 'code', '--remove-redirect-uri', 'https://b.example.com/cb'], { env });
    expect(last.code).toBe(2);
    expect(last.stderr).toMatch(/without redirect URIs.*flow disable/);
    expect(writesSince(emu, before)).toEqual([]);
  });

  test('--replace-redirect-uris makes the given URIs the whole list', async () => {
    const app = await newApp(env, 'flow-app');
    await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'https://a.example.com/cb', '--redirect-uri', 'https://b.example.com/cb'], { env });
    const r = await runCli(['flow', 'enable', '--app', app, 'code', '--replace-redirect-uris', '--redirect-uri', 'https://c.example.com/cb', '--json'], { env });
    expect(json(r.stdout)).toMatchObject({ redirectUris: ['https://c.example.com/cb'], removed: ['https://a.example.com/cb', 'https://b.example.com/cb'] });
    expect((await flow(app, 'authorization-code')).redirectUris).toEqual(['https://c.example.com/cb']);
    const none = await runCli(['flow', 'enable', '--app', app, 'code', '--replace-redirect-uris'], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--replace-redirect-uris needs/);
  });

  test.each([
    ['not absolute', '/callback', /not absolute.*https:\/\/app\.example\.com\/callback/],
    ['no scheme', 'localhost:8080/cb', /not absolute/],
    ['javascript:', 'javascript:alert(1)', /javascript: scheme/],
    ['fragment', 'https://a.example.com/cb#x', /fragment/],
    ['whitespace', 'https://a.example.com/c b', /whitespace/],
  ])('a bad URI (%s) exits 2 before any request', async (_what, uri, message) => {
    const app = await newApp(env, 'flow-app');
    const before = emu.requests().length;
    const r = await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', uri], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(emu.requests().length).toBe(before);
  });

  test('plain http to a public host is refused; --allow-http accepts it', async () => {
    const app = await newApp(env, 'flow-app');
    const r = await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'http://bot.example.com/cb'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plain http.*--allow-http/);
    const ok = await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'http://bot.example.com/cb', '--allow-http', '--json'], { env });
    expect(ok.code).toBe(0);
    expect(json(ok.stdout).redirectUris).toEqual(['http://bot.example.com/cb']);
  });

  test('--no-pkce turns PKCE off; without --pkce/--no-pkce it is left alone', async () => {
    const app = await newApp(env, 'flow-app');
    await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'https://a.example.com/cb', '--pkce'], { env });
    await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'https://b.example.com/cb'], { env });
    expect(lastPatch()?.body).toEqual({ codeFlowRedirectURIs: 'https://a.example.com/cb\nhttps://b.example.com/cb' });
    expect((await flow(app, 'authorization-code')).pkceRequired).toBe(true);
    const r = await runCli(['flow', 'enable', '--app', app, 'code', '--no-pkce', '--json'], { env });
    expect(lastPatch()?.body).toEqual({ pkceRequired: false });
    expect(json(r.stdout).pkceRequired).toBe(false);
  });

  test('--pkce on another flow is a usage error', async () => {
    const r = await runCli(['flow', 'enable', '--app', 'whatever', 'implicit', '--redirect-uri', 'https://a.example.com/cb', '--pkce'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--pkce applies only to the authorization-code flow/);
  });
});

describe('missing values', () => {
  test('without a TTY: missing --app and <flow> are named in one usage error (real binary)', async () => {
    const r = await spawnCli(['flow', 'enable'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--app, <flow>/);
  });

  test('without a TTY: a code flow with no redirect URI names --redirect-uri, nothing is written', async () => {
    const app = await newApp(env, 'flow-app');
    const before = emu.requests().length;
    const r = await runCli(['flow', 'enable', '--app', app, 'authorization-code'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--redirect-uri/);
    expect(writesSince(emu, before)).toEqual([]);
  });

  test('on a TTY it asks for the flow (select) and a redirect URI', async () => {
    const app = await newApp(env, 'flow-app');
    const prompter = scriptedPrompter(['implicit', 'https://spa.example.com/cb']);
    const r = await runCli(['flow', 'enable', '--app', app, '--json'], { env, tty: true, prompter });
    expect(r.code).toBe(0);
    expect(prompter.asked).toEqual(['Flow to enable', 'Redirect URI for the implicit flow']);
    expect(json(r.stdout)).toMatchObject({ flow: 'implicit', redirectUris: ['https://spa.example.com/cb'] });
    expect(lastPatch()?.body).toEqual({ implicitFlowEnabled: true, implicitFlowRedirectURIs: 'https://spa.example.com/cb' });
  });

  test('an unknown or fixed flow is a usage error that lists the valid ones', async () => {
    const r = await runCli(['flow', 'enable', '--app', 'x', 'device-code'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown flow "device-code".*client-credentials, authorization-code, implicit/);
    const fixed = await runCli(['flow', 'disable', '--app', 'x', 'refresh-token'], { env });
    expect(fixed.code).toBe(2);
    expect(fixed.stderr).toMatch(/cannot be switched/);
  });
});

describe('flow disable and flow list', () => {
  test('flow list --json shows all five flows with a source and reason', async () => {
    const app = await newApp(env, 'flow-app');
    await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'https://a.example.com/cb'], { env });
    const doc = await flows(app);
    expect(doc.flows.map((x) => x.flow)).toEqual(['client-credentials', 'authorization-code', 'implicit', 'resource-owner-password', 'refresh-token']);
    expect(doc.flows).toEqual([
      { flow: 'client-credentials', enabled: true, configurable: true, source: 'setting', reason: 'clientCredentialsFlowEnabled is true' },
      { flow: 'authorization-code', enabled: true, configurable: true, source: 'setting', reason: 'codeFlowEnabled is true', redirectUris: ['https://a.example.com/cb'], pkceRequired: false },
      { flow: 'implicit', enabled: false, configurable: true, source: 'setting', reason: 'implicitFlowEnabled is false', redirectUris: [] },
      { flow: 'resource-owner-password', enabled: true, configurable: false, source: 'space', reason: expect.stringMatching(/always enabled/) },
      { flow: 'refresh-token', enabled: true, configurable: false, source: 'derived', reason: expect.stringMatching(/authorization-code/) },
    ]);
  });

  test('human flow list is a table with one row per flow', async () => {
    const app = await newApp(env, 'flow-app');
    const r = await runCli(['flow', 'list', '--app', app], { env });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    expect(r.stdout).toMatch(/^resource-owner-password\tyes/m);
  });

  test('disabling client-credentials needs --yes without a TTY; a second run changes nothing', async () => {
    const app = await newApp(env, 'flow-app');
    const refused = await runCli(['flow', 'disable', '--app', app, 'client-credentials'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    const r = await runCli(['flow', 'disable', '--app', app, 'client-credentials', '--yes', '--json'], { env });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ flow: 'client-credentials', enabled: false, changed: true });
    expect(lastPatch()?.body).toEqual({ clientCredentialsFlowEnabled: false });
    const before = emu.requests().length;
    const again = await runCli(['flow', 'disable', '--app', app, 'client-credentials'], { env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already disabled/);
    expect(writesSince(emu, before)).toEqual([]);
  });

  test('a TTY confirmation that is declined cancels (130) without a change', async () => {
    const app = await newApp(env, 'flow-app');
    const before = emu.requests().length;
    const r = await runCli(['flow', 'disable', '--app', app, 'client-credentials'], { env, tty: true, prompter: scriptedPrompter([false]) });
    expect(r.code).toBe(130);
    expect(writesSince(emu, before)).toEqual([]);
  });

  test('disabling the code flow keeps its redirect URIs', async () => {
    const app = await newApp(env, 'flow-app');
    await runCli(['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'https://a.example.com/cb'], { env });
    const r = await runCli(['flow', 'disable', '--app', app, 'code'], { env });
    expect(r.code).toBe(0);
    expect(lastPatch()?.body).toEqual({ codeFlowEnabled: false });
    expect(await flow(app, 'authorization-code')).toMatchObject({ enabled: false, redirectUris: ['https://a.example.com/cb'] });
  });
});
