import type { App } from '../../src/api/types.js';
import { appLevelAuthOf, endpointState, planEndpoint, verificationOf } from '../../src/services/endpoint/settings.js';
import { ExitCode, exitCodeFor } from '../../src/errors.js';

const app = (o: Partial<App> = {}): App => ({ id: 'a1', clientId: 'c1', name: 'bot', endpointURI: 'https://bot.example.com/space', hasSigningKey: false, hasPublicKeySignature: false, hasVerificationToken: false, ...o });
const withAuth = (cls: string, o: Partial<App> = {}) => app({ settings: { endpointAuth: { appLevelAuth: { className: `EndpointAuthRead.${cls}` }, verificationToken: false } }, ...o });
const body = (a: App, intent: Parameters<typeof planEndpoint>[1]) => planEndpoint(a, intent).body;

describe('endpointState', () => {
  test('reads the raw auth kind; shows only Bearer/Basic as app-level auth; never a secret', () => {
    expect(appLevelAuthOf(withAuth('Bearer'))).toBe('Bearer');
    expect(appLevelAuthOf(withAuth('Unknown'))).toBeNull();
    expect(appLevelAuthOf(app())).toBeNull();
    expect(endpointState(withAuth('Basic', { basicAuthUsername: 'space', hasSigningKey: true, endpointSslVerification: null }))).toEqual({
      uri: 'https://bot.example.com/space', sslVerification: true, verification: ['signing-key'], appLevelAuth: 'Basic',
      signingKey: true, publicKeySignature: false, verificationToken: false, bearerToken: false, basicAuthUsername: 'space', sslKeystore: null,
    });
  });
  test('a SigningKey enum value left behind after switching to the verification token is not reported as anything', () => {
    const s = endpointState(withAuth('SigningKey', { hasVerificationToken: true }));
    expect(s).toMatchObject({ verification: ['verification-token'], appLevelAuth: null, signingKey: false });
    expect(verificationOf(withAuth('SigningKey', { hasVerificationToken: true }))).toBe('verification-token');
    expect(verificationOf(app())).toBe('none');
    expect(verificationOf(app({ hasSigningKey: true, hasVerificationToken: true }))).toBeUndefined();
  });
});

describe('planEndpoint', () => {
  test('only what differs: same URI and the default TLS verification send nothing', () => {
    expect(body(app(), { uri: 'https://bot.example.com/space', sslVerification: true })).toEqual({});
    expect(body(app(), { uri: 'https://new.example.com/space', sslVerification: false })).toEqual({ endpointUri: 'https://new.example.com/space', endpointSslVerification: false });
  });
  test('a verification turns exactly one method on and the old one off; signatures also set appLevelAuth', () => {
    expect(body(app(), { verification: 'signing-key' })).toEqual({ hasSigningKey: true, appLevelAuth: 'SigningKey' });
    expect(body(withAuth('SigningKey', { hasSigningKey: true }), { verification: 'public-key' })).toEqual({ hasSigningKey: false, hasPublicKeySignature: true, appLevelAuth: 'PublicKeySignature' });
    expect(body(withAuth('SigningKey', { hasSigningKey: true }), { verification: 'verification-token' })).toEqual({ hasSigningKey: false, hasVerificationToken: true });
    expect(body(withAuth('SigningKey', { hasSigningKey: true }), { verification: 'signing-key' })).toEqual({});
    expect(body(app({ hasVerificationToken: true }), { verification: 'signing-key' })).toEqual({ hasSigningKey: true, hasVerificationToken: false, appLevelAuth: 'SigningKey' });
    expect(body(app({ hasVerificationToken: true }), { verification: 'none' })).toEqual({ hasVerificationToken: false });
  });
  test('Bearer/Basic app-level auth is kept whatever the verification (one behaviour for every caller)', () => {
    expect(body(withAuth('Bearer', { hasBearerToken: true }), { verification: 'signing-key' })).toEqual({ hasSigningKey: true });
    expect(body(withAuth('Basic', { basicAuthUsername: 'u', hasSigningKey: true }), { verification: 'public-key' })).toEqual({ hasSigningKey: false, hasPublicKeySignature: true });
  });
  test('bearer: sent when new or known to differ; an unknown stored token is re-sent only when asked (resendSecrets)', () => {
    expect(body(app(), { appLevelAuth: { kind: 'bearer', token: 't' } })).toEqual({ bearerAuthToken: 't', appLevelAuth: 'Bearer' });
    const on = withAuth('Bearer', { hasBearerToken: true });
    expect(body(on, { appLevelAuth: { kind: 'bearer', token: 't', currentToken: 't' }, resendSecrets: true })).toEqual({});
    expect(body(on, { appLevelAuth: { kind: 'bearer', token: 't' }, resendSecrets: true })).toEqual({ bearerAuthToken: 't' });
    expect(body(on, { appLevelAuth: { kind: 'bearer', token: 't' } })).toEqual({});
    expect(body(on, { appLevelAuth: { kind: 'bearer', token: 'u', currentToken: 't' } })).toEqual({ bearerAuthToken: 'u' });
    expect(body(on, { appLevelAuth: { kind: 'bearer' } })).toEqual({});
  });
  test('basic: the password cannot be compared; sent for a new auth or user, or when asked', () => {
    expect(body(withAuth('Basic', { basicAuthUsername: 'space' }), { appLevelAuth: { kind: 'basic', username: 'space', password: 'p' }, resendSecrets: true })).toEqual({ basicAuthPassword: 'p' });
    expect(body(withAuth('Basic', { basicAuthUsername: 'space' }), { appLevelAuth: { kind: 'basic', username: 'space', password: 'p' } })).toEqual({});
    expect(body(withAuth('Basic', { basicAuthUsername: 'space' }), { appLevelAuth: { kind: 'basic', username: 'other', password: 'p' } })).toEqual({ basicAuthUsername: 'other', basicAuthPassword: 'p' });
    expect(body(withAuth('Bearer'), { appLevelAuth: { kind: 'basic', username: 'space', password: 'p' }, verification: 'signing-key' })).toEqual({ hasSigningKey: true, basicAuthUsername: 'space', basicAuthPassword: 'p', appLevelAuth: 'Basic' });
  });
  test('a change that needs a secret its reference does not give is a usage error, before anything is sent', () => {
    let err: unknown;
    try {
      planEndpoint(app(), { appLevelAuth: { kind: 'bearer' } });
    } catch (e) {
      err = e;
    }
    expect(exitCodeFor(err)).toBe(ExitCode.Usage);
    expect((err as Error).message).toMatch(/endpoint\.appLevelAuth\.bearer\.token/);
  });
  test('changes are in manifest words, secrets never valued', () => {
    const p = planEndpoint(app({ hasSigningKey: true }), { verification: 'public-key', appLevelAuth: { kind: 'bearer', token: 'SECRET-T' } });
    expect(p.changes).toEqual([
      { path: 'endpoint.verification', op: 'change', from: 'signing-key', to: 'public-key' },
      { path: 'endpoint.appLevelAuth', op: 'add', to: 'bearer' },
    ]);
    expect(JSON.stringify(p.changes)).not.toContain('SECRET-T');
  });
});
