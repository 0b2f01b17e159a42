// The endpoint part of an app (REFERENCE §4.6): how Space calls it, how the app verifies Space, and what
// the app asks Space to authenticate with. Pure: reading ES_App and planning a minimal PATCH.
//
// Two separate concerns share Space's fields:
//  - verification (does the call come from Space?): hasSigningKey / hasPublicKeySignature /
//    hasVerificationToken; `--verification` turns exactly the chosen one on and the others off.
//  - app-level auth (credentials Space presents to the app): `appLevelAuth` = Bearer | Basic with
//    bearerAuthToken / basicAuthUsername+Password. In 2023.2 the same enum also holds SigningKey and
//    PublicKeySignature and cannot be cleared (not nullable), so without Bearer/Basic it follows the
//    chosen signature method, and an app on Bearer/Basic keeps it unless other credentials are given.
import type { App, AppLevelAuthKind, UpdateAppBody } from '../../api/types.js';

export const VERIFICATIONS = ['signing-key', 'public-key', 'verification-token', 'none'] as const;
export type Verification = (typeof VERIFICATIONS)[number];
type Method = Exclude<Verification, 'none'>;

const FLAG_OF: Record<Method, 'hasSigningKey' | 'hasPublicKeySignature' | 'hasVerificationToken'> = {
  'signing-key': 'hasSigningKey',
  'public-key': 'hasPublicKeySignature',
  'verification-token': 'hasVerificationToken',
};
const AUTH_OF: Partial<Record<Method, AppLevelAuthKind>> = { 'signing-key': 'SigningKey', 'public-key': 'PublicKeySignature' };

/** `endpoint show --json` → `endpoint`. Secrets are never included, only whether each exists. */
export interface EndpointState {
  uri: string | null;
  sslVerification: boolean;
  /** Verification methods that are on (normally one). */
  verification: Method[];
  /** Space's raw `appLevelAuth` (null when none is set). */
  appLevelAuth: AppLevelAuthKind | null;
  signingKey: boolean;
  publicKeySignature: boolean;
  verificationToken: boolean;
  bearerToken: boolean;
  basicAuthUsername: string | null;
  sslKeystore: string | null;
}

/** `settings.endpointAuth.appLevelAuth.className` (`EndpointAuthRead.Bearer` …) → the PATCH enum. */
export function appLevelAuthOf(app: App): AppLevelAuthKind | null {
  const cls = app.settings?.endpointAuth?.appLevelAuth?.className?.replace(/^EndpointAuthRead\./, '');
  return cls === 'SigningKey' || cls === 'PublicKeySignature' || cls === 'Bearer' || cls === 'Basic' ? cls : null;
}

export function endpointState(app: App): EndpointState {
  return {
    uri: app.endpointURI ?? null,
    // Space verifies the endpoint's certificate unless told not to.
    sslVerification: app.endpointSslVerification ?? true,
    verification: (Object.keys(FLAG_OF) as Method[]).filter((m) => app[FLAG_OF[m]] === true),
    appLevelAuth: appLevelAuthOf(app),
    signingKey: app.hasSigningKey === true,
    publicKeySignature: app.hasPublicKeySignature === true,
    verificationToken: app.hasVerificationToken === true,
    bearerToken: app.hasBearerToken === true,
    basicAuthUsername: app.basicAuthUsername ?? null,
    sslKeystore: app.sslKeystoreAuth ?? null,
  };
}

export interface EndpointChange {
  /** Already validated (validateEndpointUri). */
  uri?: string;
  sslVerification?: boolean;
  verification?: Verification;
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
  /** The stored bearer token when it could be read; undefined = unknown, so a given token is sent. */
  currentBearerToken?: string | null;
}

/** The fields to PATCH: only those that differ. The basic-auth password cannot be read back, so it is always sent when given. */
export function planEndpoint(app: App, c: EndpointChange): UpdateAppBody {
  const body: UpdateAppBody = {};
  const now = endpointState(app);
  if (c.uri !== undefined && c.uri !== now.uri) body.endpointUri = c.uri;
  if (c.sslVerification !== undefined && c.sslVerification !== now.sslVerification) body.endpointSslVerification = c.sslVerification;

  if (c.verification !== undefined) {
    for (const m of Object.keys(FLAG_OF) as Method[]) {
      const want = c.verification === m;
      if ((app[FLAG_OF[m]] === true) !== want) body[FLAG_OF[m]] = want;
    }
  }

  let auth: AppLevelAuthKind | undefined;
  if (c.bearerToken !== undefined) {
    auth = 'Bearer';
    if (c.currentBearerToken !== c.bearerToken || now.appLevelAuth !== 'Bearer') body.bearerAuthToken = c.bearerToken;
  } else if (c.basicAuth) {
    auth = 'Basic';
    if (c.basicAuth.username !== now.basicAuthUsername) body.basicAuthUsername = c.basicAuth.username;
    body.basicAuthPassword = c.basicAuth.password;
  } else if (c.verification !== undefined && c.verification !== 'none' && now.appLevelAuth !== 'Bearer' && now.appLevelAuth !== 'Basic') {
    auth = AUTH_OF[c.verification];
  }
  if (auth !== undefined && auth !== now.appLevelAuth) body.appLevelAuth = auth;
  return body;
}

/** Field names for reports: secrets are named, never valued. */
export const sentFields = (body: UpdateAppBody): string[] => Object.keys(body);
