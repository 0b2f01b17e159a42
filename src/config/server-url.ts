// One check of a server URL the user gave (--url, SPACE_URL, JB_SPACE_API_URL), for the commands that use it
// (config/resolve.ts) and those that save it (profile add, auth login): http(s) only; no user:password@ (it
// would be dropped on the way, requests go to the origin, and is never echoed back); plain http only to a
// loopback host unless the caller's opt-in allows it, since the credentials would travel in clear.
import { isLoopbackHost } from '../domain/redirect-uris.js';
import { UsageError } from '../errors.js';

export interface ServerUrlRules {
  /** Where credentials go instead of the URL, e.g. "give them as --token, SPACE_TOKEN, …". */
  credentialsHint: string;
  /** Checked only when given: whether plain http to a remote host is allowed, and how to allow it. */
  plainHttp?: { allowed: boolean; hint: string };
}

/** The parsed URL, or a usage error naming `name` (the flag or variable) and what would be valid. */
export function checkServerUrl(raw: string, name: string, rules: ServerUrlRules): URL {
  const u = URL.canParse(raw) ? new URL(raw) : undefined;
  if (u && (u.username || u.password)) throw new UsageError(`${name} must not contain credentials ("user:password@"); ${rules.credentialsHint}`);
  if (!u || !/^https?:$/.test(u.protocol)) throw new UsageError(`${name} "${raw}" is not an http(s) URL (expected e.g. https://acme.jetbrains.space)`);
  if (rules.plainHttp && !rules.plainHttp.allowed && u.protocol === 'http:' && !isLoopbackHost(u.hostname)) {
    throw new UsageError(`${name} ${raw} uses plain http to a non-loopback host: the credentials would travel unencrypted`, rules.plainHttp.hint);
  }
  return u;
}
