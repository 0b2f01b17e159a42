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
