import type { App } from '../../src/api/types.js';
import { appLevelAuthOf, endpointState, planEndpoint } from '../../src/services/endpoint/settings.js';

const app = (o: Partial<App> = {}): App => ({ id: 'a1', clientId: 'c1', name: 'bot', endpointURI: 'https://bot.example.com/space', hasSigningKey: false, hasPublicKeySignature: false, hasVerificationToken: false, ...o });
const withAuth = (cls: string, o: Partial<App> = {}) => app({ settings: { endpointAuth: { appLevelAuth: { className: `EndpointAuthRead.${cls}` }, verificationToken: false } }, ...o });

describe('endpointState', () => {
  test('reads the auth kind from settings.endpointAuth and never includes a secret', () => {
    expect(appLevelAuthOf(withAuth('Bearer'))).toBe('Bearer');
    expect(appLevelAuthOf(withAuth('Unknown'))).toBeNull();
    expect(appLevelAuthOf(app())).toBeNull();
    expect(endpointState(withAuth('Basic', { basicAuthUsername: 'space', hasSigningKey: true, endpointSslVerification: null }))).toEqual({
      uri: 'https://bot.example.com/space', sslVerification: true, verification: ['signing-key'], appLevelAuth: 'Basic',
      signingKey: true, publicKeySignature: false, verificationToken: false, bearerToken: false, basicAuthUsername: 'space', sslKeystore: null,
    });
  });
});

describe('planEndpoint', () => {
  test('only what differs: same URI and the default TLS verification send nothing', () => {
    expect(planEndpoint(app(), { uri: 'https://bot.example.com/space', sslVerification: true })).toEqual({});
    expect(planEndpoint(app(), { uri: 'https://new.example.com/space', sslVerification: false })).toEqual({ endpointUri: 'https://new.example.com/space', endpointSslVerification: false });
  });
  test('--verification turns exactly one method on; signatures also set appLevelAuth', () => {
    expect(planEndpoint(app(), { verification: 'signing-key' })).toEqual({ hasSigningKey: true, appLevelAuth: 'SigningKey' });
    expect(planEndpoint(withAuth('SigningKey', { hasSigningKey: true }), { verification: 'public-key' })).toEqual({ hasSigningKey: false, hasPublicKeySignature: true, appLevelAuth: 'PublicKeySignature' });
    expect(planEndpoint(withAuth('SigningKey', { hasSigningKey: true }), { verification: 'verification-token' })).toEqual({ hasSigningKey: false, hasVerificationToken: true });
    expect(planEndpoint(withAuth('SigningKey', { hasSigningKey: true }), { verification: 'signing-key' })).toEqual({});
    expect(planEndpoint(app({ hasVerificationToken: true }), { verification: 'none' })).toEqual({ hasVerificationToken: false });
  });
  test('an app on Bearer/Basic keeps it when only the verification changes', () => {
    expect(planEndpoint(withAuth('Bearer', { hasBearerToken: true }), { verification: 'signing-key' })).toEqual({ hasSigningKey: true });
  });
  test('bearer: sent unless the stored token is known to be the same', () => {
    expect(planEndpoint(app(), { bearerToken: 't' })).toEqual({ bearerAuthToken: 't', appLevelAuth: 'Bearer' });
    expect(planEndpoint(withAuth('Bearer', { hasBearerToken: true }), { bearerToken: 't', currentBearerToken: 't' })).toEqual({});
    expect(planEndpoint(withAuth('Bearer', { hasBearerToken: true }), { bearerToken: 't' })).toEqual({ bearerAuthToken: 't' });
    expect(planEndpoint(withAuth('Bearer', { hasBearerToken: true }), { bearerToken: 'u', currentBearerToken: 't' })).toEqual({ bearerAuthToken: 'u' });
  });
  test('basic: the password cannot be compared, so it is always sent; the user only when it differs', () => {
    expect(planEndpoint(withAuth('Basic', { basicAuthUsername: 'space' }), { basicAuth: { username: 'space', password: 'p' } })).toEqual({ basicAuthPassword: 'p' });
    expect(planEndpoint(withAuth('Bearer'), { basicAuth: { username: 'space', password: 'p' }, verification: 'signing-key' })).toEqual({ hasSigningKey: true, basicAuthUsername: 'space', basicAuthPassword: 'p', appLevelAuth: 'Basic' });
  });
});
