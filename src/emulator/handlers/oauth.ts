// POST /oauth/token, client-credentials grant (Space HTTP API). Not part of the OpenAPI document, so it
// validates its own form body. Errors use OAuth codes (invalid_client, unsupported_grant_type, …).
import { ApiError } from '../errors.js';
import { parseScope, type TokenStore } from '../access.js';
import type { State } from '../state.js';
import type { LoginFlow } from '../login.js';
import { nowIso } from './context.js';

export interface TokenRequest {
  method: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
  remoteAddress: string;
  userAgent: string | null;
}

const FORM_FIELDS = new Set(['grant_type', 'scope', 'client_id', 'client_secret', 'refresh_token', 'code', 'redirect_uri', 'code_verifier']);

export function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}

function basicCredentials(header: string | undefined): [string, string] | undefined {
  const m = header ? /^Basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : [decoded.slice(0, i), decoded.slice(i + 1)];
}

export function issueToken(state: State, tokens: TokenStore, ttlSeconds: number, req: TokenRequest, login?: LoginFlow): Record<string, unknown> {
  if (req.method !== 'POST') throw new ApiError('invalid_request', `Method ${req.method} is not supported for /oauth/token; use POST`, 405, { Allow: 'POST' });
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.contentType ?? '')) {
    throw new ApiError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const form = parseForm(req.body);
  for (const k of Object.keys(form)) {
    if (!FORM_FIELDS.has(k)) throw new ApiError('invalid_request', `Unknown form parameter '${k}'`);
  }
  const basic = basicCredentials(req.authorization);
  const creds = basic ?? (form.client_id !== undefined ? [form.client_id, form.client_secret ?? ''] as [string, string] : undefined);
  const invalidClient = (why: string): ApiError => new ApiError('invalid_client', why, 401, { 'WWW-Authenticate': 'Basic realm="Space"' });
  if (!creds) throw invalidClient('Client authentication required: send Authorization: Basic base64(clientId:clientSecret)');
  const app = state.appsByClientId.get(creds[0]);
  // A public client (a CLI cannot keep a secret) sends only client_id, for the code and refresh grants of an
  // app that requires PKCE; everyone else authenticates with the secret.
  const userGrant = form.grant_type === 'authorization_code' || form.grant_type === 'refresh_token';
  const publicClient = !basic && form.client_secret === undefined && userGrant && app?.pkceRequired === true;
  if (!app || (!publicClient && app.clientSecret !== creds[1])) throw invalidClient('Client authentication failed: unknown client id or wrong client secret');
  if (!form.grant_type) throw new ApiError('invalid_request', "Missing required parameter 'grant_type'");
  if (userGrant && login) {
    if (!app.codeFlowEnabled) throw new ApiError('unauthorized_client', `Authorization code flow is disabled for application '${app.name}'`);
    return form.grant_type === 'authorization_code' ? login.exchangeCode(app, form) : login.refreshToken(app, form);
  }
  if (form.grant_type !== 'client_credentials') {
    throw new ApiError('unsupported_grant_type', `Grant type '${form.grant_type}' is not supported; use client_credentials, authorization_code or refresh_token`);
  }
  if (!app.clientCredentialsFlowEnabled) {
    throw invalidClient(`Client credentials flow is disabled for application '${app.name}'`);
  }
  if (form.scope === undefined) throw new ApiError('invalid_request', "Missing required parameter 'scope' (use '**' for all granted rights)");
  const scope = parseScope(state, form.scope);
  const token = tokens.issue(app, scope, form.scope, ttlSeconds);
  app.lastClientCredentialsAccess = { time: nowIso(), address: req.remoteAddress, userAgent: req.userAgent };
  state.markDirty();
  return { access_token: token, token_type: 'Bearer', expires_in: ttlSeconds, scope: form.scope };
}
