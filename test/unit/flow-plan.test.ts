import type { App } from '../../src/api/types.js';
import { ExitCode, exitCodeFor } from '../../src/errors.js';
import { flowStates, parseFlow } from '../../src/services/flows/flows.js';
import { checkEnableFlags, disableIntent, enableIntent, planFlow, storedRedirectUrisMatch, type EnableOptions } from '../../src/services/flows/plan.js';
import type { ConfigurableFlow } from '../../src/services/flows/flows.js';

const planEnable = (a: App, flow: ConfigurableFlow, add: string[], o: EnableOptions) => planFlow(a, flow, enableIntent(add, o));
const planDisable = (a: App, flow: ConfigurableFlow) => planFlow(a, flow, disableIntent()).body;

const app = (o: Partial<App> = {}): App => ({ id: 'a1', clientId: 'c1', name: 'bot', clientCredentialsFlowEnabled: true, codeFlowEnabled: false, implicitFlowEnabled: false, ...o });
const usage = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    expect(exitCodeFor(e)).toBe(ExitCode.Usage);
    return e as Error;
  }
  throw new Error('expected a usage error');
};

describe('parseFlow', () => {
  test('accepts the names, code and underscores', () => {
    expect(parseFlow('authorization-code')).toBe('authorization-code');
    expect(parseFlow('code')).toBe('authorization-code');
    expect(parseFlow('Client_Credentials')).toBe('client-credentials');
    expect(parseFlow('implicit')).toBe('implicit');
  });
  test('fixed and unknown flows are usage errors', () => {
    expect(usage(() => parseFlow('refresh-token')).message).toMatch(/cannot be switched/);
    expect(usage(() => parseFlow('password')).message).toMatch(/cannot be switched/);
    expect(usage(() => parseFlow('device')).message).toMatch(/unknown flow "device"; choose one of client-credentials, authorization-code, implicit/);
  });
});

describe('checkEnableFlags', () => {
  test('redirect URI flags only for code/implicit; --pkce only for code', () => {
    expect(usage(() => checkEnableFlags('client-credentials', { redirectUris: ['https://a/cb'] })).message).toMatch(/--redirect-uri applies only/);
    expect(usage(() => checkEnableFlags('client-credentials', { removeRedirectUris: ['x'], replaceRedirectUris: true, redirectUris: ['https://a/cb'] })).message).toMatch(/--redirect-uri, --remove-redirect-uri, --replace-redirect-uris apply only/);
    expect(usage(() => checkEnableFlags('implicit', { pkce: false })).message).toMatch(/--no-pkce applies only/);
  });
  test('validates and normalizes; http to a public host needs allowHttp', () => {
    expect(checkEnableFlags('authorization-code', { redirectUris: ['HTTPS://App.Example.com/cb'] })).toEqual(['https://app.example.com/cb']);
    expect(usage(() => checkEnableFlags('authorization-code', { redirectUris: ['http://app.example.com/cb'] })).message).toMatch(/--allow-http/);
    expect(checkEnableFlags('authorization-code', { redirectUris: ['http://app.example.com/cb'], allowHttp: true })).toEqual(['http://app.example.com/cb']);
    expect(checkEnableFlags('implicit', { redirectUris: ['http://127.0.0.1:3000/cb'] })).toEqual(['http://127.0.0.1:3000/cb']);
  });
  test('--replace-redirect-uris needs at least one --redirect-uri', () => {
    expect(usage(() => checkEnableFlags('authorization-code', { replaceRedirectUris: true })).message).toMatch(/needs the new list/);
  });
});

describe('planFlow: flow enable / flow disable', () => {
  test('first enable sends the flag, the URIs and PKCE', () => {
    const p = planEnable(app(), 'authorization-code', ['https://a/cb', 'https://b/cb'], { pkce: true });
    expect(p.body).toEqual({ codeFlowEnabled: true, codeFlowRedirectURIs: 'https://a/cb\nhttps://b/cb', pkceRequired: true });
    expect(p).toMatchObject({ wasEnabled: false, added: ['https://a/cb', 'https://b/cb'], pkceRequired: true });
  });
  test('adding keeps the stored URIs (whatever separator they were stored with)', () => {
    const p = planEnable(app({ codeFlowEnabled: true, codeFlowRedirectURIs: 'https://a/cb,https://b/cb' }), 'authorization-code', ['https://c/cb'], {});
    expect(p.body).toEqual({ codeFlowRedirectURIs: 'https://a/cb\nhttps://b/cb\nhttps://c/cb' });
  });
  test('nothing to change → empty body', () => {
    const current = app({ codeFlowEnabled: true, codeFlowRedirectURIs: 'https://a/cb', pkceRequired: true });
    expect(planEnable(current, 'authorization-code', ['https://a/cb'], { pkce: true }).body).toEqual({});
    expect(planEnable(app(), 'client-credentials', [], {}).body).toEqual({});
  });
  test('implicit: its own fields; never pkceRequired', () => {
    const p = planEnable(app({ codeFlowRedirectURIs: 'https://code/cb' }), 'implicit', ['https://spa/cb'], {});
    expect(p.body).toEqual({ implicitFlowEnabled: true, implicitFlowRedirectURIs: 'https://spa/cb' });
    expect(p.pkceRequired).toBeUndefined();
  });
  test('a code flow left without URIs is refused', () => {
    expect(usage(() => planEnable(app(), 'authorization-code', [], {})).message).toMatch(/needs at least one redirect URI/);
    const one = app({ codeFlowEnabled: true, codeFlowRedirectURIs: 'https://a/cb' });
    expect(usage(() => planEnable(one, 'authorization-code', [], { removeRedirectUris: ['https://a/cb'] })).message).toMatch(/would leave the authorization-code flow without redirect URIs/);
  });
  test('remove + absent; add and remove the same URI is an error', () => {
    const two = app({ codeFlowEnabled: true, codeFlowRedirectURIs: 'https://a/cb\nhttps://b/cb' });
    const p = planEnable(two, 'authorization-code', [], { removeRedirectUris: ['https://a/cb', 'https://x/cb'] });
    expect(p).toMatchObject({ body: { codeFlowRedirectURIs: 'https://b/cb' }, removed: ['https://a/cb'], absent: ['https://x/cb'] });
    expect(usage(() => planEnable(two, 'authorization-code', ['https://c/cb'], { removeRedirectUris: ['https://c/cb'] })).message).toMatch(/both added and removed/);
  });
  test('disable sends only the flag, and nothing when already off', () => {
    expect(planDisable(app({ codeFlowEnabled: true, codeFlowRedirectURIs: 'https://a/cb' }), 'authorization-code')).toEqual({ codeFlowEnabled: false });
    expect(planDisable(app(), 'implicit')).toEqual({});
  });
  test('one update-app op with exactly the body, and changes in manifest words', () => {
    const p = planEnable(app(), 'authorization-code', ['https://a/cb'], { pkce: true });
    expect(p.ops).toEqual([{ op: 'update-app', body: p.body }]);
    expect(p.changes).toEqual([
      { path: 'flows.authorizationCode.enabled', op: 'change', from: false, to: true },
      { path: 'flows.authorizationCode.redirectUris', op: 'add', to: 'https://a/cb' },
      { path: 'flows.authorizationCode.pkce', op: 'change', from: false, to: true },
    ]);
    expect(planFlow(app(), 'client-credentials', { enabled: false }).changes).toEqual([{ path: 'flows.clientCredentials', op: 'change', from: true, to: false }]);
  });
  test('replacing with the same URIs in another order is no change', () => {
    const two = app({ codeFlowEnabled: true, codeFlowRedirectURIs: 'https://a/cb\nhttps://b/cb' });
    expect(planEnable(two, 'authorization-code', ['https://b/cb', 'https://a/cb'], { replaceRedirectUris: true }).body).toEqual({});
  });
});

describe('storedRedirectUrisMatch', () => {
  test('another separator that parses to the same URIs is a match; a lost or merged URI is not', () => {
    expect(storedRedirectUrisMatch('https://a/cb\nhttps://b/cb', ['https://a/cb', 'https://b/cb'])).toBe(true);
    expect(storedRedirectUrisMatch('https://a/cb, https://b/cb', ['https://a/cb', 'https://b/cb'])).toBe(true);
    expect(storedRedirectUrisMatch('https://a/cb', ['https://a/cb', 'https://b/cb'])).toBe(false);
    expect(storedRedirectUrisMatch('https://a/cbhttps://b/cb', ['https://a/cb', 'https://b/cb'])).toBe(false);
    expect(storedRedirectUrisMatch(null, ['https://a/cb'])).toBe(false);
  });
});

describe('flowStates', () => {
  test('five flows; refresh-token explains itself by the code flow', () => {
    const off = flowStates(app());
    expect(off.map((s) => [s.flow, s.enabled, s.source])).toEqual([
      ['client-credentials', true, 'setting'],
      ['authorization-code', false, 'setting'],
      ['implicit', false, 'setting'],
      ['resource-owner-password', true, 'space'],
      ['refresh-token', true, 'derived'],
    ]);
    expect(off[4]!.reason).not.toMatch(/authorization-code/);
    expect(flowStates(app({ codeFlowEnabled: true }))[4]!.reason).toMatch(/authorization-code and resource-owner-password/);
    expect(flowStates(app({ clientCredentialsFlowEnabled: null }))[0]).toMatchObject({ enabled: false, reason: 'clientCredentialsFlowEnabled is not set' });
  });
});
