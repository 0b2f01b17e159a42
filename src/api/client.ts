// The one HTTP client: base URL, auth, timeouts, retries, error mapping, paging and the debug log.
// Typed endpoint functions (apps.ts, rights.ts, …) sit on top and never touch undici directly.
import { PagingGuard } from './paging.js';
import { setMaxListeners } from 'node:events';
import type { Dispatcher } from 'undici';
import { Agent, loadEnvHttpProxyAgent, request } from './undici.js';
import { CancelledError, CliError } from '../errors.js';
import { ApiError, NetworkError, ResponseError, errorCodeFor, isAmbiguousWrite } from './errors.js';
import { DEFAULT_RETRY, isRetryable, parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry.js';
import { redactHeaders, redactJson, registerBodySecrets, registerSecret, scrub, scrubKnown } from './redact.js';
import { check, pageOf, anything, type Check } from './contract.js';

export type QueryValue = string | number | boolean | string[] | undefined | null;
export interface RequestSpec {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to `<server>/api/http/`, e.g. `applications/id:abc`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** `$fields` (Space HTTP API). */
  fields?: string;
  /** What the caller reads from the answer (src/api/contract.ts); without it the body is ignored. */
  expect?: Check;
  /** Same result when sent twice (a PATCH that sets a state): retried like a GET on 502/503/504, resets and timeouts. */
  idempotent?: boolean;
}

export interface Page<T> { next?: string | null; totalCount?: number | null; data: T[] }

/** Supplies the Authorization header; `refresh()` drops a cached token (client credentials only). */
export interface Auth {
  header(): Promise<string>;
  refresh?(): void;
  /** Literal secrets to scrub from any text that might be shown. */
  secrets(): string[];
  readonly kind: 'token' | 'client-credentials' | 'oauth';
}

export interface ClientOptions {
  serverUrl: string;
  auth: Auth;
  dispatcher: Dispatcher;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Debug log sink (stderr under --verbose); receives already-redacted lines. */
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** The proxy requests go through (HTTPS_PROXY & co., without credentials), named in network errors. */
  proxy?: string;
  /**
   * The run's interrupt (Ctrl+C): reads in flight and retry waits stop on it, and no write starts after it. A
   * write already sent is not cut off: it runs to its answer, so it is reported as done or failed, never left
   * unknown (and a batch still stops at once: nothing waits for a quiet moment between writes).
   */
  signal?: AbortSignal;
  /** Called as each request starts; the returned function when it ends (drives the activity spinner). */
  onRequest?: () => () => void;
  /** Told of every write (not GET) once it has its final answer, after retries: the audit journal's hook. */
  onWrite?: (e: WriteOutcome) => void;
  /** --dry-run: a write to the API is a bug, refused before it leaves the process. */
  readOnly?: boolean;
}

export interface WriteOutcome {
  method: string;
  url: URL;
  body: unknown;
  status?: number;
  /** `ambiguous`: the write may have taken effect all the same (a lost answer, a 5xx). */
  error?: { status?: number; code?: string; message: string; ambiguous?: boolean };
}

/**
 * The keep-alive pool. The factory makes one per run (one per process in production) and closes it at the end.
 * `ca`: PEM certificates trusted in addition to Node's roots (a company CA), for this pool only. Certificate
 * checks are always on, whatever NODE_TLS_REJECT_UNAUTHORIZED says.
 */
export function createAgent(o: { ca?: string[]; proxy?: { httpProxy: string; httpsProxy: string; noProxy: string }; connectTimeoutMs?: number } = {}): Dispatcher {
  const tls = { rejectUnauthorized: true, ...(o.ca ? { ca: o.ca } : {}), ...(o.connectTimeoutMs ? { timeout: o.connectTimeoutMs } : {}) };
  // maxHeaderSize: Node's default (16 KiB), given so undici never loads node:http to read it (scripts/bundle.js).
  const pool = { keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connections: 32, maxHeaderSize: 16 * 1024, connect: tls };
  if (!o.proxy) return new Agent(pool);
  // Through a proxy: a CONNECT tunnel for https and http alike (the proxy never sees a request in clear over
  // TLS), with the same certificate checks on the server behind it; the proxy's own certificate, if it speaks
  // TLS, is checked against the same roots.
  const EnvHttpProxyAgent = loadEnvHttpProxyAgent();
  return new EnvHttpProxyAgent({ ...pool, ...o.proxy, requestTls: tls, proxyTls: tls });
}

export function normalizeServerUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`invalid server URL "${url}"`);
  }
  return u.origin + u.pathname.replace(/\/+$/, '').replace(/\/api\/http$/, '');
}

/** Requests one run may have in flight on one signal (bounded pool × contexts per app, with room to spare). */
const MAX_IN_FLIGHT = 128;

export interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; text: string }

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;
const header = (h: RawResponse['headers'], name: string) => [h[name]].flat()[0] ?? '';

/** The response contract at the boundary: a JSON body that passes `expect`, or a ResponseError naming what was wrong. */
export function decodeJson<T>(method: string, url: URL, res: RawResponse, expect: Check): T {
  const ct = header(res.headers, 'content-type');
  const fail = (problem: string) => new ResponseError(method, url.href, res.status, ct, problem);
  if (!res.text.trim()) throw fail('the body is empty, expected JSON');
  if (!JSON_TYPE.test(ct)) throw fail(`expected JSON, got ${describeBody(ct, res.text)}`);
  let value: unknown;
  try {
    value = JSON.parse(res.text);
  } catch (e) {
    throw fail(`the body is not valid JSON, perhaps cut short (${(e as Error).message})`);
  }
  const problem = check(expect, value);
  if (problem) throw fail(problem);
  return value as T;
}

/**
 * An answer nothing is read from (a DELETE, a regenerate, a PATCH of rights) is empty or JSON in Space. Anything
 * else is not Space's answer (a proxy's or a single-sign-on page served with 200) and proves nothing was done.
 */
function expectNothing(method: string, url: URL, res: RawResponse): undefined {
  const ct = header(res.headers, 'content-type');
  if (res.text.trim() && !JSON_TYPE.test(ct)) {
    throw new ResponseError(method, url.href, res.status, ct, `expected an empty or JSON answer, got ${describeBody(ct, res.text)}`);
  }
  return undefined;
}

const describeBody = (ct: string, text: string) => `${/html/i.test(ct) || /^\s*</.test(text) ? 'an HTML page' : `a ${ct || 'untyped'} body`} (${text.length} bytes)`;

/** The transport shared by the API client and the token endpoint: one request with timeout, retry and logging. */
export class Transport {
  readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  requestCount = 0;

  constructor(private readonly o: Omit<ClientOptions, 'auth' | 'serverUrl' | 'dispatcher'> & { dispatcher: Dispatcher; secrets?: () => string[] }) {
    this.dispatcher = o.dispatcher;
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.retry = o.retry ?? DEFAULT_RETRY;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    // Every request in flight listens on the run's interrupt signal until it ends; batch commands keep up to
    // 8 apps × 4 contexts in flight, past Node's default of 10, which would warn of a leak that isn't one.
    if (o.signal) setMaxListeners(MAX_IN_FLIGHT, o.signal);
  }

  async send(method: string, url: URL, headers: Record<string, string>, body: string | undefined, bodyForLog?: unknown, o: { idempotent?: boolean } = {}): Promise<RawResponse> {
    const write = method !== 'GET' && method !== 'HEAD';
    if (write && this.o.readOnly && url.pathname.includes('/api/http/')) {
      throw new CliError(`--dry-run: refused to send ${method} ${url.pathname}; a dry run must not write (this is a bug in spacectl)`);
    }
    if (!write) return this.sendWithRetries(method, url, headers, body, bodyForLog, o.idempotent);
    // After Ctrl+C nothing new is written; a write already sent runs to its answer (see `signal`).
    if (this.o.signal?.aborted) throw new CancelledError();
    return this.sendWrite(method, url, headers, body, bodyForLog, o.idempotent);
  }

  private async sendWrite(method: string, url: URL, headers: Record<string, string>, body: string | undefined, bodyForLog: unknown, idempotent?: boolean): Promise<RawResponse> {
    const onWrite = this.o.onWrite;
    if (!onWrite) return this.sendWithRetries(method, url, headers, body, bodyForLog, idempotent);
    let res: RawResponse;
    try {
      res = await this.sendWithRetries(method, url, headers, body, bodyForLog, idempotent);
    } catch (e) {
      const err = e as { status?: number; code?: string; message?: string };
      onWrite({ method, url, body: bodyForLog, error: { status: err.status, code: typeof err.code === 'string' ? err.code : undefined, message: String(err.message ?? e), ambiguous: isAmbiguousWrite(e) } });
      throw e;
    }
    // Outside the try: a hook that fails on a write that worked (a journal on a full disk) must not be told the
    // write failed too.
    onWrite({ method, url, body: bodyForLog, status: res.status });
    return res;
  }

  private async sendWithRetries(method: string, url: URL, headers: Record<string, string>, body: string | undefined, bodyForLog?: unknown, idempotent?: boolean): Promise<RawResponse> {
    const started = Date.now();
    // Register what this request carries; the answer to a request that carried a secret is never echoed.
    const auth = headers.authorization ?? '';
    registerSecret(auth.slice(auth.indexOf(' ') + 1));
    const carriesSecret = registerBodySecrets(bodyForLog) || /^basic /i.test(auth) || url.pathname.endsWith('/oauth/token');
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(method, url, headers, body, bodyForLog, carriesSecret);
      } catch (e) {
        if (attempt >= this.retry.maxRetries || !isRetryable(method, e, idempotent)) throw e;
        const wait = retryDelayMs(e, attempt, this.retry);
        if (wait === undefined) throw tooLongToWait(e as ApiError, this.retry);
        // The budget bounds our own backoff; a Retry-After within its maximum is the server's to ask for.
        const asked = e instanceof ApiError && e.retryAfterMs !== undefined;
        if (!asked && Date.now() + wait - started > this.retry.maxTotalMs) throw e;
        this.log(`  retrying ${method} ${url.pathname} in ${wait} ms (${e instanceof Error ? e.message : e})`);
        if (this.o.signal?.aborted) throw e;
        await this.sleep(wait);
      }
    }
  }

  private async once(method: string, url: URL, headers: Record<string, string>, body: string | undefined, bodyForLog: unknown, carriesSecret: boolean): Promise<RawResponse> {
    const t0 = nowMs();
    this.requestCount++;
    if (this.o.log) {
      const b = bodyForLog === undefined ? '' : ` ${truncate(JSON.stringify(redactJson(bodyForLog)))}`;
      this.log(`→ ${method} ${url.href} ${JSON.stringify(redactHeaders(headers))}${b}`);
    }
    const done = this.o.onRequest?.();
    try {
      return await this.exchange(method, url, headers, body, t0, carriesSecret);
    } finally {
      done?.();
    }
  }

  private async exchange(method: string, url: URL, headers: Record<string, string>, body: string | undefined, t0: number, carriesSecret: boolean): Promise<RawResponse> {
    // One deadline for the whole exchange: undici's own timeouts are idle timeouts (until the headers, and
    // between two body chunks), which a server dripping its answer a byte at a time never trips.
    // Ctrl+C cuts off a read, never a write already sent: it runs to its answer (see ClientOptions.signal).
    const run = method === 'GET' || method === 'HEAD' ? this.o.signal : undefined;
    const deadline = new AbortController();
    const timedOut = Object.assign(new Error(`no complete answer within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' });
    const timer = setTimeout(() => deadline.abort(timedOut), this.timeoutMs);
    const interrupt = () => deadline.abort(run?.reason);
    if (run?.aborted) interrupt();
    else run?.addEventListener('abort', interrupt, { once: true });
    const failed = (e: unknown) => {
      const cause = deadline.signal.reason === timedOut ? timedOut : e as Error & { code?: string };
      this.log(`← ERR ${method} ${url.href} ${Math.round(nowMs() - t0)}ms ${cause.code ?? ''}`);
      return new NetworkError(cause, method, url.href, this.o.proxy);
    };
    try {
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          method: method as Dispatcher.HttpMethod,
          headers,
          body,
          dispatcher: this.dispatcher,
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
          signal: deadline.signal,
        });
      } catch (e) {
        throw failed(e);
      }
      const ct = header(res.headers, 'content-type');
      // Redirects are not followed: the request carries the credentials, and a redirect would hand them to
      // wherever the Location points (another host, plain http). The answer names it instead.
      if (res.statusCode >= 300 && res.statusCode < 400) {
        discard(res.body);
        this.log(`← ${res.statusCode} ${method} ${url.href} ${Math.round(nowMs() - t0)}ms`);
        throw new ResponseError(method, url.href, res.statusCode, ct, redirectProblem(header(res.headers, 'location'), url));
      }
      let text: string;
      try {
        text = await readBody(res, (problem) => new ResponseError(method, url.href, res.statusCode, ct, problem));
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        throw failed(e);
      }
      this.log(`← ${res.statusCode} ${method} ${url.href} ${Math.round(nowMs() - t0)}ms`);
      if (res.statusCode >= 400) throw this.toError(res.statusCode, res.headers, text, method, url, carriesSecret);
      return { status: res.statusCode, headers: res.headers, text };
    } finally {
      clearTimeout(timer);
      run?.removeEventListener('abort', interrupt);
    }
  }

  private toError(status: number, headers: RawResponse['headers'], text: string, method: string, url: URL, carriesSecret: boolean): ApiError {
    let error: unknown;
    let description = '';
    let fromServer = false; // the description is the server's own text (it may echo the request)
    const ct = header(headers, 'content-type');
    try {
      const j = JSON.parse(text) as { error?: unknown; error_description?: unknown; message?: unknown };
      if (j && typeof j === 'object') {
        error = j.error;
        const d = j.error_description ?? j.message;
        description = typeof d === 'string' ? d : '';
        fromServer = Boolean(description);
      }
    } catch {
      // Not Space's error document (a proxy page, a cut-off body): say what it was, never echo it.
      description = text.trim() ? `the server answered ${/html/i.test(ct) || /^\s*</.test(text) ? 'an HTML page' : `a non-JSON ${ct || 'untyped'} body`} (${method} ${url.href})` : `empty body (${method} ${url.href})`;
    }
    // Space's `error` is a short code (`validation-error`). Anything else there (a server echoing the request, a
    // sentence) is text, not a code: codes are shown verbatim (the --json error document, the journal, JUnit
    // reports), so such text goes where messages go, into the description, and is scrubbed with it.
    if (typeof error === 'string' && !ERROR_CODE.test(error)) {
      if (!description) description = error;
      fromServer = true;
      error = undefined;
    }
    // Servers echo requests in error messages; a request that carried a secret gets no echo at all.
    if (carriesSecret && fromServer) description = '(the server\'s message is not shown: the request carried a secret)';
    description = oneLine(scrubKnown(scrub(description, this.o.secrets?.() ?? [])), MAX_MESSAGE);
    if (this.o.log) this.log(`  ${status} ${String(error ?? '')}: ${description}`);
    return new ApiError(status, errorCodeFor(status, error), description, method, url.href, parseRetryAfter(headers['retry-after']));
  }

  private log(line: string) {
    this.o.log?.(line);
  }
}

/** What an error code looks like (Space's `permission-denied`, OAuth's `invalid_client`). */
const ERROR_CODE = /^[A-Za-z][\w.-]{0,63}$/;

function tooLongToWait(e: ApiError, p: RetryPolicy): ApiError {
  const s = (ms: number) => `${Math.round(ms / 1000)} s`;
  return new ApiError(e.status, e.code, `${e.description ? `${e.description}; ` : ''}the server asked to retry after ${s(e.retryAfterMs ?? 0)}, longer than spacectl waits (${s(p.maxRetryAfterMs)}; SPACECTL_MAX_RETRY_WAIT=<seconds> changes it)`, e.method, e.url, e.retryAfterMs);
}

/** The most of a server's error text a message shows: one line, enough for any message Space writes. */
const MAX_MESSAGE = 300;

function oneLine(s: string, n: number): string {
  // eslint-disable-next-line no-control-regex
  const line = s.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
  return line.length > n ? `${line.slice(0, n)}… (${line.length - n} more characters)` : line;
}

/** The largest answer read (after decompression): Space's pages are far smaller; a server streaming without end is cut off here. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The body as text, at most MAX_BODY_BYTES, decompressed when a server (or a proxy) compressed it unasked. */
async function readBody(res: Dispatcher.ResponseData, fail: (problem: string) => Error): Promise<string> {
  const tooLarge = () => fail(`the body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB; spacectl stopped reading it`);
  const declared = Number(header(res.headers, 'content-length'));
  if (declared > MAX_BODY_BYTES) {
    discard(res.body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      discard(res.body);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  let bytes: Buffer = Buffer.concat(chunks);
  const encodings = header(res.headers, 'content-encoding').toLowerCase().split(',').map((x) => x.trim()).filter((x) => x && x !== 'identity');
  if (encodings.length && bytes.length) bytes = await decompress(bytes, encodings, fail, tooLarge);
  const text = bytes.toString('utf8');
  // A byte-order mark is allowed before JSON by some servers; JSON.parse refuses it.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Stops reading an answer (closing its connection); the abort this raises on the stream is expected. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Content-Encoding layers, last applied first; node:zlib loads only for an answer that needs it. */
async function decompress(bytes: Buffer, encodings: string[], fail: (problem: string) => Error, tooLarge: () => Error): Promise<Buffer> {
  const zlib = await import('node:zlib');
  const limit = { maxOutputLength: MAX_BODY_BYTES };
  let out = bytes;
  for (const enc of [...encodings].reverse()) {
    try {
      if (enc === 'gzip' || enc === 'x-gzip') out = zlib.gunzipSync(out, limit);
      else if (enc === 'br') out = zlib.brotliDecompressSync(out, limit);
      else if (enc === 'deflate') out = out[0] === 0x78 ? zlib.inflateSync(out, limit) : zlib.inflateRawSync(out, limit);
      else throw fail(`the body is in the content-encoding "${enc.slice(0, 40)}", which spacectl cannot read`);
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      if (e instanceof ResponseError) throw e;
      throw fail(`the ${enc} body does not decompress (${(e as Error).message})`);
    }
  }
  return out;
}

/** Where a redirect pointed, without its query (which may carry anything): enough to fix --url. */
function redirectProblem(location: string, from: URL): string {
  let shown = '';
  try {
    const to = new URL(location, from);
    shown = oneLine(scrubKnown(`${to.protocol}//${to.host}${to.pathname}`), 200);
  } catch {
    // No usable Location: say so below.
  }
  return `${shown ? `a redirect to ${shown}` : 'a redirect without a usable Location'}, which spacectl does not follow (the request carries credentials); if the server moved, use its new address as --url / SPACE_URL`;
}

function truncate(s: string, n = 2000) {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

export class SpaceClient {
  readonly serverUrl: string;
  readonly apiBase: URL;
  readonly transport: Transport;
  readonly auth: Auth;

  constructor(o: ClientOptions, transport?: Transport) {
    this.serverUrl = normalizeServerUrl(o.serverUrl);
    this.apiBase = new URL(`${this.serverUrl}/api/http/`);
    this.auth = o.auth;
    this.transport = transport ?? new Transport({ ...o, secrets: () => o.auth.secrets() });
  }

  url(path: string, query?: Record<string, QueryValue>, fields?: string): URL {
    const url = new URL(path.replace(/^\/+/, ''), this.apiBase);
    const parts: string[] = [];
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined || v === null) continue;
      for (const item of Array.isArray(v) ? v : [v]) parts.push(`${k}=${encodeURIComponent(String(item))}`);
    }
    // `$fields` is `allowReserved` in Space's OpenAPI: commas and parentheses travel literally.
    if (fields) parts.push(`$fields=${encodeURIComponent(fields).replace(/%2C/g, ',').replace(/%28/g, '(').replace(/%29/g, ')')}`);
    url.search = parts.join('&');
    return url;
  }

  async request<T>(spec: RequestSpec): Promise<T> {
    const method = spec.method ?? 'GET';
    const url = this.url(spec.path, spec.query, spec.fields);
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const call = async () => {
      const headers: Record<string, string> = {
        authorization: await this.auth.header(),
        accept: 'application/json',
        'user-agent': userAgent,
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      return this.transport.send(method, url, headers, body, spec.body, { idempotent: spec.idempotent });
    };
    let res: RawResponse;
    try {
      res = await call();
    } catch (e) {
      // An expired client-credentials token is fetched anew once (Space HTTP API).
      if (!(e instanceof ApiError) || !e.isExpiredToken || !this.auth.refresh) throw e;
      this.auth.refresh();
      res = await call();
    }
    if (!spec.expect) return expectNothing(method, url, res) as T;
    return decodeJson<T>(method, url, res, spec.expect);
  }

  /**
   * Streams every item of a paged endpoint (`$skip`/`$top`/`next`), one page in memory at a time. Bounded: a
   * `next` that does not advance ends the listing (Space HTTP API); one that returns to an earlier page, a page
   * of only items already listed or more than MAX_PAGES pages is an error, never an endless loop. An item listed
   * again on a later page is yielded once. `totalCount` ends the listing
   * only when it is consistent with what came (a non-negative count no smaller than the items seen).
   */
  async *paginate<T>(spec: Omit<RequestSpec, 'method' | 'body' | 'expect'>, pageSize = 100, item: Check = anything): AsyncGenerator<T, void, undefined> {
    let skip: string | undefined;
    let seen = 0;
    let url = this.url(spec.path, { ...spec.query, $top: pageSize });
    const guard = new PagingGuard((problem) => new ResponseError('GET', url.href, 200, 'application/json', `paging does not end: ${problem}`));
    const fields = spec.fields ? `next,totalCount,data(${spec.fields})` : undefined;
    for (;;) {
      url = this.url(spec.path, { ...spec.query, $skip: skip, $top: pageSize }, fields);
      const page = await this.request<Page<T>>({ ...spec, query: { ...spec.query, $skip: skip, $top: pageSize }, fields, expect: pageOf(item) });
      const next = page.next;
      const last = page.data.length === 0 || !next || next === skip;
      const fresh = guard.fresh(page.data, last);
      yield* fresh;
      seen += fresh.length;
      if (last || !next) return;
      const total = page.totalCount;
      if (typeof total === 'number' && Number.isInteger(total) && total >= 0 && seen === total) return;
      guard.advance(skip, next);
      skip = next;
    }
  }
}

let userAgent = `spacectl node/${process.versions.node}`;
/** Set once by main() from package.json, so the client itself reads no files. */
export function setUserAgentVersion(version: string): void {
  userAgent = `spacectl/${version} node/${process.versions.node}`;
}

/**
 * Milliseconds for the debug log's timings. Not performance.now(): the global `performance` loads perf_hooks
 * (eight built-ins) on first use, after the undici bundle has set a V8 flag, so Node compiles them without
 * their code cache on every request.
 */
function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
