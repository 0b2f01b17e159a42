// App names and project keys for completion: one page, one request, abandoned at the deadline. A connection
// pool of its own (with the server's CA and proxy, as every other command uses) is destroyed at the end, so
// nothing in flight keeps the shell waiting.
import type { Dispatcher } from 'undici';
import { request } from '../../api/undici.js';
import type { Factory } from '../../factory.js';

export async function fetchNames(f: Factory, kind: 'apps' | 'projects', prefix: string, budgetMs: number): Promise<string[]> {
  const signal = AbortSignal.timeout(budgetMs);
  const pool: { agent?: Dispatcher } = {};
  const deadline = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true }));
  try {
    return await Promise.race([names(f, kind, prefix, pool, budgetMs, signal), deadline]);
  } catch {
    return [];
  } finally {
    void pool.agent?.destroy().catch(() => undefined);
  }
}

async function names(f: Factory, kind: 'apps' | 'projects', prefix: string, pool: { agent?: Dispatcher }, budgetMs: number, signal: AbortSignal): Promise<string[]> {
  const r = await f.resolved();
  // Token credentials need no round trip; client credentials fetch a token through the client (time-boxed above).
  const authorization = r.credentials.value.kind === 'token' ? `Bearer ${r.credentials.value.token}` : await (await f.api()).auth.header();
  const { normalizeServerUrl } = await import('../../api/client.js');
  const base = `${normalizeServerUrl(r.url.value)}/api/http/`;
  const url = kind === 'apps'
    ? new URL(`applications/paged?$top=100&$fields=data(name)${prefix ? `&name=${encodeURIComponent(prefix)}` : ''}`, base)
    : new URL(`projects?$top=100&$fields=data(key)${prefix ? `&term=${encodeURIComponent(prefix)}` : ''}`, base);
  const ca = r.caFile && { caFile: r.caFile.value, caLabel: r.caFile.detail ?? r.caFile.source };
  pool.agent = await f.ownPool(r.url.value, ca || undefined, budgetMs);
  if (signal.aborted) return [];
  const res = await request(url, { headers: { authorization, accept: 'application/json' }, dispatcher: pool.agent, signal });
  const text = await res.body.text();
  if (res.statusCode !== 200) return [];
  const data = (JSON.parse(text) as { data?: Array<{ name?: string; key?: { key?: string } | string }> }).data ?? [];
  return data.map((x) => (kind === 'apps' ? x.name : typeof x.key === 'string' ? x.key : x.key?.key)).filter((x): x is string => typeof x === 'string');
}
