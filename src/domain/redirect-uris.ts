// OAuth redirect URIs and the app endpoint URI.
// Space stores several redirect URIs in one newline-separated string (Space HTTP API; separator UNCONFIRMED,
// the UI uses a multi-line field), so parsing is lenient and formatting uses '\n'.
import { DomainError } from './errors.js';
import { ellipsize } from './text.js';

/**
 * Split Space's stored value into URIs: newlines, whitespace (URIs cannot contain it), and commas that
 * start a new URI (`,https://…`) — a comma inside a URI (`?a=1,2`) is kept. Trimmed, empties dropped, deduped.
 */
export function parseRedirectUris(s: string | null | undefined): string[] {
  if (!s) return [];
  const parts = s.split(/\s+|,(?=\s*[a-z][a-z0-9+.-]*:)/i).map((p) => p.trim().replace(/,+$/, ''));
  return [...new Set(parts.filter((p) => p !== ''))];
}

export function formatRedirectUris(list: string[]): string {
  return list.join('\n');
}

export interface UriOptions {
  allowHttp: boolean;
  /** The CLI flag that lifts the http restriction, named in messages. */
  flag?: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// Schemes that run code or embed content: never a legitimate redirect target.
const FORBIDDEN_SCHEMES = new Set(['javascript', 'data', 'vbscript', 'file']);

/** True for localhost, 127.0.0.0/8 and [::1] (hostname as given by WHATWG URL). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Case-normalize scheme and (for http/https) host, nothing else: OAuth servers compare redirect URIs as
 * exact strings, so adding a trailing slash or dropping a default port could break the login.
 */
function normalizeCase(uri: string, scheme: string): string {
  const rest = uri.slice(scheme.length);
  if (scheme === 'http' || scheme === 'https') {
    return `${scheme}${rest.replace(/^(:\/\/)([^/?#]*)/, (_m, sep: string, authority: string) => sep + authority.toLowerCase())}`;
  }
  return scheme + rest;
}

interface Checked {
  url: URL;
  scheme: string;
  normalized: string;
}

/** Shared syntax checks: absolute, no whitespace, no fragment, parseable. */
function checkAbsolute(raw: string, what: string): Checked {
  const uri = raw.trim();
  const shown = `"${ellipsize(uri, 100)}"`;
  if (uri === '') throw new DomainError(`${what} is empty; expected an absolute URI like https://app.example.com/callback`);
  if (/\s/.test(uri)) throw new DomainError(`${what} ${shown} contains whitespace; give one URI per value`);
  // "localhost:8080/cb" would parse with scheme "localhost"; it almost certainly lacks "http://".
  if (/^[^:/?#]+:\d+(?:[/?#]|$)/.test(uri) || !SCHEME.test(uri)) {
    const example = uri.startsWith('/') ? `https://app.example.com${uri}` : `https://${uri}`;
    throw new DomainError(`${what} ${shown} is not absolute; include the scheme and host, e.g. ${example}`);
  }
  if (uri.includes('#')) throw new DomainError(`${what} ${shown} must not contain a fragment ("#…")`);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new DomainError(`${what} ${shown} is not a valid URI`);
  }
  const scheme = (SCHEME.exec(uri)?.[1] as string).toLowerCase();
  if ((scheme === 'http' || scheme === 'https') && url.hostname === '') {
    throw new DomainError(`${what} ${shown} has no host`);
  }
  if (url.username || url.password) {
    throw new DomainError(`${what} ${shown} must not contain credentials ("user:pass@")`);
  }
  return { url, scheme, normalized: normalizeCase(uri, scheme) };
}

/**
 * Validate one OAuth redirect URI; returns it normalized (trimmed, scheme/host lowercased).
 * Custom schemes (`myapp://cb`, `com.example.app:/cb`) are allowed: native apps use them (RFC 8252).
 * Plain http is only accepted for loopback hosts unless `allowHttp`.
 */
export function validateRedirectUri(uri: string, opts: UriOptions): string {
  const flag = opts.flag ?? '--allow-http';
  const { url, scheme, normalized } = checkAbsolute(uri, 'redirect URI');
  if (FORBIDDEN_SCHEMES.has(scheme)) {
    throw new DomainError(`redirect URI "${ellipsize(normalized, 100)}" uses the ${scheme}: scheme, which is not allowed; use https:// or an app-specific scheme`);
  }
  if (scheme === 'http' && !opts.allowHttp && !isLoopbackHost(url.hostname)) {
    throw new DomainError(
      `redirect URI "${normalized}" uses plain http to a non-loopback host; use https, or pass ${flag} to accept it`,
    );
  }
  return normalized;
}

/**
 * Validate the app endpoint URI Space will call. https is required; http is accepted only for a loopback
 * host and only with `allowHttp` (a local Space or the emulator) — Space would send signed payloads in clear.
 */
export function validateEndpointUri(uri: string, opts: UriOptions): string {
  const flag = opts.flag ?? '--allow-http';
  const { url, scheme, normalized } = checkAbsolute(uri, 'endpoint URI');
  if (scheme === 'https') return normalized;
  if (scheme !== 'http') {
    throw new DomainError(`endpoint URI "${ellipsize(normalized, 100)}" must be an https:// URL`);
  }
  if (!isLoopbackHost(url.hostname)) {
    throw new DomainError(
      // Name the flag only where there is one to give (a manifest allows loopback http without any).
      `endpoint URI "${normalized}" must use https; http is only accepted for localhost/127.0.0.1/[::1]${opts.allowHttp ? '' : ` with ${flag}`}`,
    );
  }
  if (!opts.allowHttp) {
    throw new DomainError(`endpoint URI "${normalized}" uses plain http; pass ${flag} to accept it for a local endpoint`);
  }
  return normalized;
}

export interface RedirectUriChange {
  add?: string[];
  remove?: string[];
  /** Result becomes exactly `add`. */
  replace?: boolean;
}

export interface RedirectUriMerge {
  result: string[];
  added: string[];
  removed: string[];
  /** URIs asked to be removed that were not present (removal is idempotent, so this is not an error). */
  absent: string[];
  unchanged: boolean;
}

/** Comparison key: the same case normalization as validation, so `HTTPS://App/cb` equals `https://app/cb`. */
function key(uri: string): string {
  const u = uri.trim();
  const scheme = SCHEME.exec(u)?.[1]?.toLowerCase();
  return scheme ? normalizeCase(u, scheme) : u;
}

/** Whether two URIs are the same one as validation reads them (scheme and host case aside). */
export const sameUri = (a: string, b: string): boolean => key(a) === key(b);

/**
 * Apply add/remove (or replace) to the current list. Existing entries keep their order and spelling;
 * additions go to the end. Inputs are expected to be validated already.
 */
export function mergeRedirectUris(current: string[], change: RedirectUriChange): RedirectUriMerge {
  const add = dedupeByKey(change.add ?? []);
  const remove = dedupeByKey(change.remove ?? []);
  const cur = dedupeByKey(current);
  if (change.replace && remove.length > 0) {
    throw new DomainError('replacing the redirect URIs cannot be combined with removing some; give only the URIs to keep');
  }
  const removeKeys = new Set(remove.map(key));
  const both = add.filter((u) => removeKeys.has(key(u)));
  if (both.length > 0) {
    throw new DomainError(`redirect URI "${both[0]}" is both added and removed; give it only once`);
  }

  const curKeys = new Set(cur.map(key));
  let result: string[];
  let removed: string[];
  if (change.replace) {
    const addKeys = new Set(add.map(key));
    result = add;
    removed = cur.filter((u) => !addKeys.has(key(u)));
  } else {
    removed = cur.filter((u) => removeKeys.has(key(u)));
    result = [...cur.filter((u) => !removeKeys.has(key(u))), ...add.filter((u) => !curKeys.has(key(u)))];
  }
  const added = add.filter((u) => !curKeys.has(key(u)));
  const absent = remove.filter((u) => !curKeys.has(key(u)));
  const unchanged = result.length === current.length && result.every((u, i) => u === current[i]);
  return { result, added, removed, absent, unchanged };
}

function dedupeByKey(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    const u = raw.trim();
    if (u === '' || seen.has(key(u))) continue;
    seen.add(key(u));
    out.push(u);
  }
  return out;
}
