// HTTP server and request pipeline of the Space emulator.
//
// Space API request (`/api/http/...`, `/oauth/token`):
//   count → read body → simulated latency → injected fault? → match operation in the OpenAPI document
//   (404 unknown path, 405 unknown method) → authenticate bearer token (401) → validate path params,
//   query names/values and JSON body against the spec (400 validation-error) → endpoint rights (403)
//   → handler → `$fields` projection → record.
// Control API (`/__emulator/...`): see control.ts; never delayed, faulted, counted or recorded.
import http from 'node:http';
import https from 'node:https';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { authenticate, requireAnyRight, TokenStore } from './access.js';
import { checkBody, checkFields, checkPathParams, checkQuery, matchOperation, type Query } from './contract.js';
import { handleControl } from './control.js';
import { ApiError, codeForStatus, validation } from './errors.js';
import { parseFields, project } from './fields.js';
import { isSelf, type HandlerContext } from './handlers/context.js';
import { routes } from './handlers/index.js';
import { issueToken, parseForm } from './handlers/oauth.js';
import { LoginFlow, type Answer } from './login.js';
import { Monitor } from './monitor.js';
import { State, type User } from './state.js';
import type { Emulator, EmulatorOptions, FaultSpec, RecordedRequest, UserInfo } from './types.js';
import type { Json } from './data.js';

const MAX_BODY = 1024 * 1024;

function randomToken(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(12).toString('hex')}`;
}

function parseQuery(search: string): Query {
  const out: Query = {};
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Single-valued query parameters (the last one wins), for the OAuth pages. */
function flatQuery(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) out[k] = v;
  return out;
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError('payload-too-large', `Request body exceeds ${MAX_BODY} bytes`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status, { ...headers, 'Content-Length': '0' });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** True when the fault replaces the answer (a delay alone answers normally, later). */
function answersInstead(f: FaultSpec): boolean {
  return Boolean(f.echo || f.reset || f.truncate || f.rawBody !== undefined || 'json' in f || f.status !== undefined || f.error !== undefined);
}

/** Answers an injected fault; `processed` is the real answer when the request was processed first. */
function answerFault(req: http.IncomingMessage, res: http.ServerResponse, f: FaultSpec, processed: unknown, rawBody = ''): void {
  if (f.echo) {
    const st = f.status ?? 400;
    const described = `Cannot process ${req.method} ${req.url}: Authorization: ${req.headers.authorization ?? ''}; body: ${rawBody}; form: ${safeDecode(rawBody)}`;
    if (f.echo === 'code') return send(res, st, { error: described });
    return send(res, st, { error: f.error ?? codeForStatus(st), error_description: described, message: described });
  }
  if (f.reset) {
    req.socket.destroy();
    return;
  }
  if (f.truncate) {
    const text = JSON.stringify(processed ?? { data: [{ id: 'cut-short' }], next: '1', totalCount: 2 });
    res.writeHead(f.status ?? 200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
    res.write(text.slice(0, Math.floor(text.length / 2)));
    setImmediate(() => req.socket.destroy());
    return;
  }
  if (f.rawBody !== undefined) {
    res.writeHead(f.status ?? 200, { 'Content-Type': f.contentType ?? 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(f.rawBody)) });
    res.end(f.rawBody);
    return;
  }
  if ('json' in f) return send(res, f.status ?? 200, f.json);
  const st = f.status ?? 500;
  const h: Record<string, string> = f.retryAfterSeconds !== undefined ? { 'Retry-After': String(f.retryAfterSeconds) } : {};
  const err = new ApiError(f.error ?? codeForStatus(st), `Injected fault: ${st}`, st, h);
  send(res, err.status, err.body(), err.headers);
}

/** Endless or inconsistent paging on top of a real page. */
function rewritePage(body: unknown, f: FaultSpec, skip: unknown): unknown {
  if (!body || typeof body !== 'object' || !('data' in body)) return body;
  const page = { ...(body as Record<string, unknown>) };
  const at = typeof skip === 'string' && /^\d+$/.test(skip) ? Number(skip) : 0;
  if (f.paging === 'grow') { page.next = String(at + 1); delete page.totalCount; }
  if (f.paging === 'cycle') { page.next = skip === '1' ? '2' : '1'; delete page.totalCount; }
  if (f.totalCount !== undefined) page.totalCount = f.totalCount;
  return page;
}

function userInfo(u: User): UserInfo {
  return { id: u.id, username: u.username, name: `${u.firstName} ${u.lastName}` };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const tokens = {
    admin: opts.adminToken ?? randomToken('adm'),
    projectAdmin: opts.projectAdminToken ?? randomToken('pad'),
    member: opts.memberToken ?? randomToken('mem'),
  };
  const state = new State(tokens, opts.statePath);
  const tokenStore = new TokenStore();
  const monitor = new Monitor();
  const ttl = opts.tokenTtlSeconds ?? 600;
  const login = new LoginFlow(state, tokenStore, () => ttl);
  let latency = opts.latencyMs ?? 0;
  const setLatency = (ms: number): void => { latency = Math.max(0, ms); };

  /** Runs the contract checks and the handler; returns the response body (undefined = empty). */
  async function dispatchApi(req: http.IncomingMessage, rawPath: string, query: Query, rawBody: string, parsed: { ok: boolean; value: Json; error?: string }): Promise<unknown> {
    const method = req.method ?? 'GET';
    const { op, params } = matchOperation(method, rawPath.slice('/api/http'.length));
    const caller = authenticate(state, tokenStore, req.headers.authorization);
    checkPathParams(op, params);
    checkQuery(op, query);
    const hasBody = rawBody.trim() !== '';
    if (hasBody) {
      const ct = req.headers['content-type'] ?? '';
      if (!/^application\/([\w.+-]*\+)?json\b/i.test(ct)) throw validation(`Content-Type must be application/json for a JSON body, got '${ct || 'none'}'`);
      if (!parsed.ok) throw validation(`Malformed JSON body: ${parsed.error ?? 'parse error'}`);
    }
    checkBody(op, parsed.value, hasBody);
    const fieldsParam = query.$fields;
    const fields = typeof fieldsParam === 'string' && fieldsParam.trim() !== '' ? parseFields(fieldsParam) : undefined;
    if (fields) checkFields(op, fields);
    // Endpoint rights in the global context; an app acting on itself and `profiles/me` need none.
    const exempt = isSelf(caller, params.application) || (op.path === '/team-directory/profiles/{profile}' && params.profile === 'me');
    if (!exempt) requireAnyRight(caller, op.rightCodes, `call ${op.method} ${op.path}`);
    const handler = routes.get(`${op.method} ${op.path}`);
    if (!handler) throw new ApiError('internal-server-error', `No emulator handler for ${op.method} ${op.path}`);
    const ctx: HandlerContext = {
      state, caller, op, params, query, body: parsed.value,
      remoteAddress: req.socket.remoteAddress ?? '',
      userAgent: req.headers['user-agent'] ?? null,
    };
    const result = await handler(ctx);
    return fields && result !== undefined ? project(result, fields) : result;
  }

  async function handleSpace(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string, search: string): Promise<void> {
    const method = req.method ?? 'GET';
    monitor.count(method);
    const query = parseQuery(search);
    const path = safeDecode(rawPath);
    const rec: RecordedRequest = { method, path, rawPath, query, body: undefined, status: 0 };
    const isOauth = rawPath === '/oauth/token';
    let status = 200;
    let body: unknown;
    let headers: Record<string, string> = {};
    let fault: FaultSpec | undefined;
    let requestText = '';
    try {
      const rawBody = await readBody(req);
      requestText = rawBody;
      const parsed: { ok: boolean; value: Json; error?: string } = { ok: true, value: undefined };
      if (isOauth) rec.body = rawBody ? parseForm(rawBody) : undefined;
      else if (rawBody.trim() !== '') {
        try { parsed.value = JSON.parse(rawBody); rec.body = parsed.value; } catch (e) { parsed.ok = false; parsed.error = (e as Error).message; rec.body = rawBody; }
      }
      if (latency > 0) await sleep(latency);
      fault = monitor.takeFault(method, isOauth ? '/oauth/token' : path.slice('/api/http'.length));
      if (fault?.delayMs && !fault.after) await sleep(fault.delayMs);
      const processFirst = fault && (fault.after || fault.paging || fault.totalCount !== undefined || !answersInstead(fault));
      if (fault && !processFirst) {
        monitor.record(rec);
        return answerFault(req, res, fault, undefined, rawBody);
      }
      // Endless paging: the first page, again and again. Overlap: a page after the first starts one item early,
      // as an offset-paged list does when an item is created before the cursor while it is being read.
      if (fault?.paging === 'overlap') {
        if (typeof query.$skip === 'string' && /^[1-9]\d*$/.test(query.$skip)) query.$skip = String(Number(query.$skip) - 1);
      } else if (fault?.paging) delete query.$skip;
      if (isOauth) {
        body = issueToken(state, tokenStore, ttl, {
          method, authorization: req.headers.authorization, contentType: req.headers['content-type'], body: rawBody,
          remoteAddress: req.socket.remoteAddress ?? '', userAgent: req.headers['user-agent'] ?? null,
        }, login);
      } else {
        body = await dispatchApi(req, rawPath, query, rawBody, parsed);
        if (method !== 'GET') state.markDirty();
      }
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('internal-server-error', `Emulator error: ${(e as Error)?.message ?? String(e)}`);
      status = err.status;
      body = err.body();
      headers = err.headers;
    }
    if (fault && status < 400 && (fault.paging || fault.totalCount !== undefined)) body = rewritePage(body, fault, parseQuery(search).$skip);
    else if (fault?.after) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (answersInstead(fault)) {
        rec.status = status;
        monitor.record(rec);
        return answerFault(req, res, fault, body, requestText);
      }
    }
    rec.status = status;
    monitor.record(rec);
    send(res, status, body, headers);
  }

  async function handleControlRequest(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string): Promise<void> {
    try {
      const raw = await readBody(req);
      let body: Json;
      if (raw.trim() !== '') {
        try { body = JSON.parse(raw); } catch (e) { throw validation(`Malformed JSON body: ${(e as Error).message}`); }
      }
      const deps = { state, monitor, adminToken: tokens.admin, setLatency, authenticate: (h: string | undefined) => authenticate(state, tokenStore, h), revokeRefreshTokens: () => login.revokeAll() };
      const out = await handleControl(deps, req.method ?? 'GET', rawPath, req.headers.authorization, body);
      send(res, 200, out);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('internal-server-error', String((e as Error)?.message ?? e));
      send(res, err.status, err.body(), err.headers);
    }
  }

  /** The browser side of the authorization-code flow: an HTML consent page and its decision. */
  async function handleLogin(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string, search: string): Promise<void> {
    let answer: Answer;
    try {
      const method = req.method ?? 'GET';
      const rawBody = await readBody(req);
      monitor.record({ method, path: rawPath, rawPath, query: parseQuery(search), body: undefined, status: 0 });
      if (rawPath === '/oauth/auth' && method === 'GET') answer = login.authorize(flatQuery(search));
      else if (rawPath === '/oauth/auth/decision' && method === 'POST') answer = login.decide(parseForm(rawBody));
      else answer = { kind: 'page', status: 405, html: `<!doctype html><p>${method} is not supported here</p>` };
    } catch (e) {
      answer = { kind: 'page', status: 500, html: `<!doctype html><p>Emulator error: ${String((e as Error)?.message ?? e).replace(/</g, '&lt;')}</p>` };
    }
    if (res.headersSent || res.destroyed) return;
    if (answer.kind === 'redirect') {
      res.writeHead(302, { Location: answer.location, 'Content-Length': '0' });
      res.end();
    } else {
      res.writeHead(answer.status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(answer.html)) });
      res.end(answer.html);
    }
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const search = q < 0 ? '' : url.slice(q + 1);
    if (rawPath.startsWith('/__emulator/')) void handleControlRequest(req, res, rawPath);
    else if (rawPath === '/oauth/auth' || rawPath === '/oauth/auth/decision') void handleLogin(req, res, rawPath, search);
    else if (rawPath === '/oauth/token' || rawPath.startsWith('/api/http/')) void handleSpace(req, res, rawPath, search);
    else send(res, 404, { error: 'not-found', error_description: `Not found: ${rawPath} (the Space API lives under /api/http/)` });
  };
  const server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest) : http.createServer(onRequest);
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const byRole = (role: User['role']): UserInfo => userInfo(state.users.find((u) => u.role === role)!);

  let closed: Promise<void> | undefined;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    tokens,
    users: { admin: byRole('admin'), projectAdmin: byRole('projectAdmin'), member: byRole('member') },
    stats: () => monitor.stats(),
    resetStats: () => monitor.resetStats(),
    requests: () => monitor.recorded(),
    setLatency,
    injectFault: (f) => monitor.injectFault(f),
    faultStats: () => monitor.faultStats(),
    revokeRefreshTokens: () => login.revokeAll(),
    clearFaults: () => monitor.clearFaults(),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => state.flush())),
  };
}
