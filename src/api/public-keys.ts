// The app's public keys (Space HTTP API): GET /applications/{a}/public-keys answers a JSON string whose
// content is a JWKS document; tolerate servers that answer the object itself.
import type { SpaceClient } from './client.js';
import { anything } from './contract.js';
import { pathId, type AppIdentifier } from './ids.js';
import { ApiError, NetworkError } from './errors.js';

export interface Jwk { kty: string; kid?: string; alg?: string; use?: string; n?: string; e?: string; [k: string]: unknown }
export interface Jwks { keys: Jwk[] }

export async function getPublicKeys(api: SpaceClient, app: AppIdentifier): Promise<Jwks> {
  const answer = await api.request<unknown>({ path: `applications/${pathId(app)}/public-keys`, expect: anything });
  let doc: unknown = answer;
  if (typeof answer === 'string') {
    try {
      doc = JSON.parse(answer);
    } catch {
      throw new Error('the server answered public-keys with a string that is not a JWKS document');
    }
  }
  const keys = (doc as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('the server answered public-keys without a "keys" list');
  return { keys: keys as Jwk[] };
}

/**
 * A public-key signature made by the server itself. Only spacectl's emulator offers this (it holds the app's
 * private key); real Space signs only the calls it makes. Undefined when the server cannot sign.
 */
export async function signOnServer(api: SpaceClient, app: AppIdentifier, timestamp: string, body: string): Promise<string | undefined> {
  const url = new URL(`${api.serverUrl}/__emulator/sign-payload`);
  const payload = JSON.stringify({ application: app, timestamp, body });
  try {
    const res = await api.transport.send('POST', url, { authorization: await api.auth.header(), 'content-type': 'application/json', accept: 'application/json' }, payload);
    const signature = (JSON.parse(res.text) as { signature?: unknown }).signature;
    return typeof signature === 'string' ? signature : undefined;
  } catch (e) {
    if (e instanceof ApiError || e instanceof NetworkError || e instanceof SyntaxError) return undefined;
    throw e;
  }
}
