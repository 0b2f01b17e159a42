// Credentials → Authorization header. Client-credentials tokens are cached until 5 s before expiry.
import { CliError, ExitCode } from '../errors.js';
import { ApiError } from './errors.js';
import { decodeJson, normalizeServerUrl, type Auth, type Transport } from './client.js';
import { TOKEN } from './contract.js';
import { registerBasicCredentials, registerSecret } from './redact.js';

export function tokenAuth(token: string): Auth {
  registerSecret(token);
  return { kind: 'token', header: async () => `Bearer ${token}`, secrets: () => [token] };
}

export interface TokenResponse { access_token: string; expires_in: number; token_type?: string; scope?: string }

export function clientCredentialsAuth(
  o: { serverUrl: string; clientId: string; clientSecret: string; scope?: string },
  transport: () => Transport,
  now: () => number = Date.now,
): Auth {
  registerSecret(o.clientSecret);
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    const url = new URL(`${normalizeServerUrl(o.serverUrl)}/oauth/token`);
    const body = new URLSearchParams({ grant_type: 'client_credentials', scope: o.scope ?? '**' }).toString();
    const basic = registerBasicCredentials(o.clientId, o.clientSecret);
    let res;
    try {
      res = await transport().send('POST', url, {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      }, body, undefined, { idempotent: true }); // a second token request only yields another token
    } catch (e) {
      if (e instanceof ApiError && e.status < 500 && e.status !== 429) {
        throw new CliError(`client-credentials login failed for client ID ${o.clientId}: ${e.message}`, ExitCode.Auth,
          'Check SPACE_CLIENT_ID / SPACE_CLIENT_SECRET (or the profile), and that the app has the Client Credentials flow enabled.');
      }
      throw e;
    }
    const t = decodeJson<TokenResponse>('POST', url, res, TOKEN);
    registerSecret(t.access_token);
    cached = { token: t.access_token, expiresAt: now() + (Number(t.expires_in) || 600) * 1000 - 5_000 };
    return t.access_token;
  };
  return {
    kind: 'client-credentials',
    async header() {
      if (cached && now() < cached.expiresAt) return `Bearer ${cached.token}`;
      // Concurrent callers share one token request.
      inflight ??= fetchToken().finally(() => { inflight = undefined; });
      return `Bearer ${await inflight}`;
    },
    refresh() { cached = undefined; },
    secrets: () => [o.clientSecret, ...(cached ? [cached.token] : [])],
  };
}

/** Tokens of a browser login (authorization-code flow): expiry in epoch ms. */
export interface LoginTokens { accessToken: string; refreshToken?: string; expiresAt: number }
export interface LoginTokenResponse extends TokenResponse { refresh_token?: string }

export const LOGIN_AGAIN = 'run `spacectl auth login` again';

/**
 * POSTs a user grant (authorization_code or refresh_token) to `<server>/oauth/token` as a public client: the
 * login app's client ID in the form, no secret (a CLI cannot keep one; the app requires PKCE instead).
 */
export async function postUserGrant(transport: Transport, serverUrl: string, form: Record<string, string>, now: () => number = Date.now): Promise<LoginTokens> {
  const url = new URL(`${normalizeServerUrl(serverUrl)}/oauth/token`);
  const res = await transport.send('POST', url, { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, new URLSearchParams(form).toString());
  const t = decodeJson<LoginTokenResponse>('POST', url, res, TOKEN);
  registerSecret(t.access_token);
  if (t.refresh_token) registerSecret(t.refresh_token);
  return { accessToken: t.access_token, refreshToken: t.refresh_token, expiresAt: now() + (Number(t.expires_in) || 600) * 1000 };
}

/**
 * A browser login's access token, refreshed with the refresh token 5 s before it expires and once when Space
 * says "Access token has expired". `onRefresh` persists the new tokens (the profile's keyring entry or file).
 * A refused refresh (revoked or expired) is an auth error telling the user to log in again.
 */
export function userLoginAuth(
  o: { serverUrl: string; clientId: string; tokens: LoginTokens; onRefresh?: (t: LoginTokens) => Promise<void> },
  transport: () => Transport,
  now: () => number = Date.now,
): Auth {
  let current = o.tokens;
  registerSecret(current.accessToken);
  if (current.refreshToken) registerSecret(current.refreshToken);
  let inflight: Promise<void> | undefined;
  const renew = async (): Promise<void> => {
    if (!current.refreshToken) throw new CliError(`the login has expired and cannot be refreshed (no refresh token); ${LOGIN_AGAIN}`, ExitCode.Auth);
    try {
      const next = await postUserGrant(transport(), o.serverUrl, { grant_type: 'refresh_token', refresh_token: current.refreshToken, client_id: o.clientId }, now);
      current = { ...next, refreshToken: next.refreshToken ?? current.refreshToken };
    } catch (e) {
      if (e instanceof ApiError && e.status < 500 && e.status !== 429) {
        // invalid_grant: the refresh token was revoked (or expired); Space's own text may not be shown (it answers a request carrying a secret).
        const why = e.code === 'invalid_grant' ? 'the login has expired or was revoked' : `the login could not be refreshed (${e.message})`;
        throw new CliError(`${why}; ${LOGIN_AGAIN}`, ExitCode.Auth);
      }
      throw e;
    }
    await o.onRefresh?.(current);
  };
  return {
    kind: 'oauth',
    async header() {
      if (now() >= current.expiresAt - 5_000) {
        inflight ??= renew().finally(() => { inflight = undefined; });
        await inflight;
      }
      return `Bearer ${current.accessToken}`;
    },
    refresh() { current = { ...current, expiresAt: 0 }; },
    secrets: () => [current.accessToken, ...(current.refreshToken ? [current.refreshToken] : [])],
  };
}
