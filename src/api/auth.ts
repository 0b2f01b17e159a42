// Credentials → Authorization header. Client-credentials tokens are cached until 5 s before expiry.
import { CliError, ExitCode } from '../errors.js';
import { ApiError } from './errors.js';
import { normalizeServerUrl, type Auth, type Transport } from './client.js';

export function tokenAuth(token: string): Auth {
  return { kind: 'token', header: async () => `Bearer ${token}`, secrets: () => [token] };
}

export interface TokenResponse { access_token: string; expires_in: number; token_type?: string; scope?: string }

export function clientCredentialsAuth(
  o: { serverUrl: string; clientId: string; clientSecret: string; scope?: string },
  transport: () => Transport,
  now: () => number = Date.now,
): Auth {
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    const url = new URL(`${normalizeServerUrl(o.serverUrl)}/oauth/token`);
    const body = new URLSearchParams({ grant_type: 'client_credentials', scope: o.scope ?? '**' }).toString();
    const basic = Buffer.from(`${o.clientId}:${o.clientSecret}`).toString('base64');
    let res;
    try {
      res = await transport().send('POST', url, {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      }, body);
    } catch (e) {
      if (e instanceof ApiError && e.status < 500 && e.status !== 429) {
        throw new CliError(`client-credentials login failed for client ID ${o.clientId}: ${e.message}`, ExitCode.Auth,
          'Check SPACE_CLIENT_ID / SPACE_CLIENT_SECRET (or the profile), and that the app has the Client Credentials flow enabled.');
      }
      throw e;
    }
    const t = JSON.parse(res.text) as TokenResponse;
    if (!t.access_token) throw new CliError('the token endpoint answered without an access_token', ExitCode.Auth);
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
