// Requests spacectl does not model (`spacectl api`): the caller's method, path, headers and body, sent through
// the same transport (timeouts, retries, redacted --verbose log, error mapping) and the same auth, with the
// body handed back untouched.
import type { SpaceClient, Transport } from './client.js';
import { ApiError } from './errors.js';

export type RawAnswer = Awaited<ReturnType<Transport['send']>>;

export interface RawSpec {
  method: string;
  /** Absolute URL under the client's `/api/http/` base (see `apiUrl`). */
  url: URL;
  headers?: Record<string, string>;
  body?: string;
}

/** `applications/me`, `/applications/me`, `/api/http/applications/me?x=1` → a URL under the API base. */
export function apiUrl(api: SpaceClient, path: string): URL {
  const rel = path.trim().replace(/^\/+/, '').replace(/^api\/http\/+/, '');
  const url = new URL(rel, api.apiBase);
  // A path that climbs out of /api/http/ (`../oauth/token`) would send the credentials somewhere else.
  if (!url.href.startsWith(api.apiBase.href)) throw new RangeError(`path "${path}" is outside ${api.apiBase.pathname}`);
  return url;
}

export async function rawRequest(api: SpaceClient, spec: RawSpec): Promise<RawAnswer> {
  const given = lower(spec.headers ?? {});
  const call = async () => {
    const headers: Record<string, string> = { accept: 'application/json', ...given };
    headers.authorization ??= await api.auth.header();
    if (spec.body !== undefined) headers['content-type'] ??= 'application/json';
    return api.transport.send(spec.method, spec.url, headers, spec.body, spec.body === undefined ? undefined : parseOrText(spec.body));
  };
  try {
    return await call();
  } catch (e) {
    // Same rule as SpaceClient.request: an expired client-credentials token is fetched anew once.
    if (!(e instanceof ApiError) || !e.isExpiredToken || !api.auth.refresh || given.authorization) throw e;
    api.auth.refresh();
    return call();
  }
}

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The debug log redacts secret-named JSON fields; a body that is not JSON is logged by length only. */
function parseOrText(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return `<${body.length} bytes>`;
  }
}
