// Which proxy a server is reached through: the variables curl and undici read (lower-case first), so a corporate
// proxy set for every other tool works here too. A loopback server is never proxied (a proxy cannot reach this
// machine's loopback), nor one NO_PROXY names; undici applies NO_PROXY again per request.
import { isLoopbackHost } from '../domain/redirect-uris.js';
import { UsageError } from '../errors.js';

export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
  /** The proxy this server's requests go through, without credentials: for messages and the debug log. */
  shown: string;
  /** A password in the proxy URL, to keep out of every message. */
  secrets: string[];
}

type Env = Record<string, string | undefined>;
const pick = (env: Env, name: string) => (env[name.toLowerCase()] ?? env[name] ?? '').trim();

export function proxyFor(serverUrl: string, env: Env): ProxySettings | undefined {
  const server = new URL(serverUrl);
  const httpProxy = proxyUrl(env, 'HTTP_PROXY');
  const httpsProxy = proxyUrl(env, 'HTTPS_PROXY') || httpProxy;
  const chosen = server.protocol === 'https:' ? httpsProxy : httpProxy;
  const noProxy = pick(env, 'NO_PROXY');
  if (!chosen || isLoopbackHost(server.hostname) || excluded(server, noProxy)) return undefined;
  const u = new URL(chosen);
  return { httpProxy, httpsProxy, noProxy, shown: `${u.protocol}//${u.host}`, secrets: u.password ? [decodeURIComponent(u.password), u.password] : [] };
}

/** The variable's URL; `host:port` alone means http://host:port, as curl reads it. */
function proxyUrl(env: Env, name: string): string {
  const raw = pick(env, name);
  if (!raw) return '';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let u: URL | undefined;
  try {
    u = new URL(withScheme);
  } catch {
    u = undefined;
  }
  if (!u || !['http:', 'https:'].includes(u.protocol) || !u.hostname) {
    // The value may hold a password: name the variable, not the value.
    throw new UsageError(`${name} is not an http:// or https:// proxy URL (e.g. http://proxy.example:3128)`);
  }
  return u.href;
}

/** NO_PROXY as curl reads it: `*`, host names (a leading `.` or `*.` matches subdomains too) and optional ports. */
function excluded(server: URL, noProxy: string): boolean {
  const host = server.hostname.toLowerCase();
  const port = Number(server.port) || (server.protocol === 'https:' ? 443 : 80);
  return noProxy.split(/[,\s]+/).filter(Boolean).some((entry) => {
    if (entry === '*') return true;
    const m = /^(.+):(\d+)$/.exec(entry);
    if (m && Number(m[2]) !== port) return false;
    const name = (m ? m[1]! : entry).replace(/^\*?\./, '').toLowerCase();
    return host === name || host.endsWith(`.${name}`);
  });
}
