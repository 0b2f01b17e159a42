// The endpoint planner and state (Space HTTP API): how Space calls the app, how the app verifies Space, and
// what Space presents to the app. One model for `endpoint set`, `endpoint show` and the manifest:
//  - verification (does the call come from Space?) is the three flags hasSigningKey / hasPublicKeySignature /
//    hasVerificationToken; choosing one turns exactly it on and the others off.
//  - app-level auth (credentials Space presents to the app) is Bearer or Basic. Space keeps it in the same
//    `appLevelAuth` enum that also holds SigningKey / PublicKeySignature and cannot be cleared (not nullable),
//    so: without Bearer/Basic the enum follows the chosen signature method; Bearer/Basic is kept whatever the
//    verification; and a SigningKey/PublicKeySignature value left behind by an earlier choice is not read as
//    anything (the flags say which verification is on).
import { getAppSecret } from '../../api/apps.js';
import type { SpaceClient } from '../../api/client.js';
import { isApiError } from '../../api/errors.js';
import { appId } from '../../api/ids.js';
import type { App, AppLevelAuthKind, UpdateAppBody } from '../../api/types.js';
import { DomainError } from '../../domain/errors.js';
import { sameUri } from '../../domain/redirect-uris.js';
import type { Planned } from '../ops.js';

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
  /** Credentials Space presents to the app: Bearer, Basic, or none. */
  appLevelAuth: 'Bearer' | 'Basic' | null;
  signingKey: boolean;
  publicKeySignature: boolean;
  verificationToken: boolean;
  bearerToken: boolean;
  basicAuthUsername: string | null;
  sslKeystore: string | null;
}

/** Space's raw `appLevelAuth` (`settings.endpointAuth.appLevelAuth.className`, `EndpointAuthRead.Bearer` …) as the PATCH enum. */
export function appLevelAuthOf(app: App): AppLevelAuthKind | null {
  const cls = app.settings?.endpointAuth?.appLevelAuth?.className?.replace(/^EndpointAuthRead\./, '');
  return cls === 'SigningKey' || cls === 'PublicKeySignature' || cls === 'Bearer' || cls === 'Basic' ? cls : null;
}

/** Bearer or Basic app-level auth, or null (a SigningKey/PublicKeySignature enum value is verification, not auth). */
export function appAuthOf(app: App): 'Bearer' | 'Basic' | null {
  const kind = appLevelAuthOf(app);
  return kind === 'Bearer' || kind === 'Basic' ? kind : null;
}

/** The one verification that is on, `none`, or undefined when several are (only a direct API call can do that). */
export function verificationOf(app: App): Verification | undefined {
  const on = (Object.keys(FLAG_OF) as Method[]).filter((m) => app[FLAG_OF[m]] === true);
  return on.length === 0 ? 'none' : on.length === 1 ? on[0] : undefined;
}

export function endpointState(app: App): EndpointState {
  return {
    uri: app.endpointURI ?? null,
    // Space verifies the endpoint's certificate unless told not to.
    sslVerification: app.endpointSslVerification ?? true,
    verification: (Object.keys(FLAG_OF) as Method[]).filter((m) => app[FLAG_OF[m]] === true),
    appLevelAuth: appAuthOf(app),
    signingKey: app.hasSigningKey === true,
    publicKeySignature: app.hasPublicKeySignature === true,
    verificationToken: app.hasVerificationToken === true,
    bearerToken: app.hasBearerToken === true,
    basicAuthUsername: app.basicAuthUsername ?? null,
    sslKeystore: app.sslKeystoreAuth ?? null,
  };
}

/** Bearer or Basic credentials for Space to present. A secret left undefined is unknown here (a manifest whose reference is not set). */
export type AppAuthIntent =
  | { kind: 'bearer'; token?: string; currentToken?: string | null }
  | { kind: 'basic'; username: string; password?: string };

/** What the endpoint should become; a field left out is left as it is. */
export interface EndpointIntent {
  /** Already validated (validateEndpointUri). */
  uri?: string;
  sslVerification?: boolean;
  verification?: Verification;
  appLevelAuth?: AppAuthIntent;
  /**
   * Send a given secret even when it cannot be told equal to the stored one: `endpoint set` (the user typed it
   * in to set it) does; a manifest does not (re-applying it would otherwise never be in sync). A secret known
   * to be the same is never re-sent; one known to differ always is.
   */
  resendSecrets?: boolean;
}

export interface EndpointPlan extends Planned {
  body: UpdateAppBody;
}

/** The one endpoint planner: the fields to PATCH (only those that differ) and the changes in manifest words. */
export function planEndpoint(app: App, c: EndpointIntent): EndpointPlan {
  const body: UpdateAppBody = {};
  const plan: EndpointPlan = { body, ops: [], changes: [], notes: [] };
  const now = endpointState(app);
  const change = (path: string, from: unknown, to: unknown) =>
    plan.changes.push(from === null || from === undefined ? { path, op: 'add', to } : { path, op: 'change', from, to });
  // Validation lower-cases scheme and host; Space keeps what the UI stored (`https://Bot.Example.com/…`): the same URI.
  if (c.uri !== undefined && (now.uri === null || !sameUri(c.uri, now.uri))) {
    body.endpointUri = c.uri;
    change('endpoint.uri', now.uri, c.uri);
  }
  if (c.sslVerification !== undefined && c.sslVerification !== now.sslVerification) {
    body.endpointSslVerification = c.sslVerification;
    change('endpoint.sslVerification', now.sslVerification, c.sslVerification);
  }

  if (c.verification !== undefined) {
    for (const m of Object.keys(FLAG_OF) as Method[]) {
      const want = c.verification === m;
      if ((app[FLAG_OF[m]] === true) !== want) body[FLAG_OF[m]] = want;
    }
    const have = verificationOf(app);
    if (have !== c.verification) change('endpoint.verification', have ?? now.verification.join('+'), c.verification);
  }

  const authNow = appAuthOf(app);
  let auth: AppLevelAuthKind | undefined;
  const a = c.appLevelAuth;
  if (a?.kind === 'bearer') {
    auth = 'Bearer';
    const known = a.currentToken !== undefined;
    const differs = authNow !== 'Bearer' || !now.bearerToken || (known ? a.currentToken !== a.token : Boolean(c.resendSecrets));
    if (differs) {
      if (a.token === undefined) throw missingSecret('endpoint.appLevelAuth.bearer.token', 'the bearer token');
      body.bearerAuthToken = a.token;
      plan.changes.push(authNow === 'Bearer' ? { path: 'endpoint.appLevelAuth', op: 'change', from: 'bearer', to: 'bearer', note: 'new token' } : { path: 'endpoint.appLevelAuth', op: authNow ? 'change' : 'add', ...(authNow ? { from: authNow.toLowerCase() } : {}), to: 'bearer' });
    }
  } else if (a?.kind === 'basic') {
    auth = 'Basic';
    const userDiffers = a.username !== now.basicAuthUsername;
    if (userDiffers) body.basicAuthUsername = a.username;
    // The password cannot be read back: sent when the auth is new or its user changes, or when asked to.
    if (authNow !== 'Basic' || userDiffers || c.resendSecrets) {
      if (a.password === undefined) throw missingSecret('endpoint.appLevelAuth.basic.password', 'the basic-auth password');
      body.basicAuthPassword = a.password;
      if (authNow !== 'Basic') plan.changes.push({ path: 'endpoint.appLevelAuth', op: authNow ? 'change' : 'add', ...(authNow ? { from: authNow.toLowerCase() } : {}), to: `basic (${a.username})` });
      else if (userDiffers) change('endpoint.appLevelAuth.basic.username', now.basicAuthUsername, a.username);
      else plan.changes.push({ path: 'endpoint.appLevelAuth', op: 'change', from: 'basic', to: 'basic', note: 'password sent again' });
    }
  } else if (c.verification !== undefined && c.verification !== 'none' && authNow === null) {
    auth = AUTH_OF[c.verification];
  }
  if (auth !== undefined && auth !== appLevelAuthOf(app)) body.appLevelAuth = auth;
  if (Object.keys(body).length) plan.ops.push({ op: 'update-app', body });
  return plan;
}

function missingSecret(path: string, what: string): DomainError {
  return new DomainError(`${path}: ${what} is needed to change the endpoint's app-level auth, but its reference gives no value`,
    'Set the environment variable or create the file the manifest names, then run again.');
}

/** The stored bearer token, to tell whether a given one is new; null = none; undefined = cannot be read with these credentials. */
export async function readBearerToken(api: SpaceClient, app: App): Promise<string | null | undefined> {
  if (!app.hasBearerToken || appAuthOf(app) !== 'Bearer') return null;
  try {
    return await getAppSecret(api, appId(app.id), 'bearer-token');
  } catch (e) {
    if (isApiError(e, 'permission-denied')) return undefined;
    throw e;
  }
}
