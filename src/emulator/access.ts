// Who is calling and what they may do: bearer-token authentication, permission contexts and the
// "does this principal hold right X in context C" rule shared by endpoint checks and request-rights.
import crypto from 'node:crypto';
import { rightsCatalog } from './data.js';
import { ApiError, denied, notFound, requestError, unauthenticated, validation } from './errors.js';
import { projectContextKey, type AppRecord, type Project, type State, type User } from './state.js';

/** Parsed token scope: `**` = everything granted; otherwise a set of `contextKey|rightCode`. */
export type Scope = { all: true } | { all: false; grants: Set<string> };

export type Caller =
  | { kind: 'user'; user: User }
  | { kind: 'app'; app: AppRecord; scope: Scope; permanentTokenId?: string };

export type Context =
  | { kind: 'global'; key: 'global' }
  | { kind: 'project'; key: string; project: Project }
  | { kind: 'channel'; key: string; channel: string };

export const GLOBAL: Context = { kind: 'global', key: 'global' };

export function projectContext(p: Project): Context {
  return { kind: 'project', key: projectContextKey(p), project: p };
}

export function resolveProject(state: State, ident: string): Project | undefined {
  if (ident.startsWith('key:')) return state.projectsByKey.get(ident.slice(4));
  if (ident.startsWith('id:')) return state.projectsById.get(ident.slice(3));
  return undefined;
}

/** Parses a compact PermissionContextIdentifier (Space HTTP API). */
export function parseContext(state: State, ident: string): Context {
  if (ident === 'global') return GLOBAL;
  if (ident.startsWith('project:')) {
    const rest = ident.slice('project:'.length);
    if (!/^(key|id):./s.test(rest)) throw validation(`Invalid context identifier '${ident}': expected 'project:key:<KEY>' or 'project:id:<id>'`);
    const p = resolveProject(state, rest);
    if (!p) throw notFound(`Project '${rest}' not found`);
    return projectContext(p);
  }
  if (ident.startsWith('channel:') && ident.length > 8) return { kind: 'channel', key: ident, channel: ident.slice(8) };
  throw validation(`Invalid context identifier '${ident}': expected 'global', 'project:key:<KEY>', 'project:id:<id>' or 'channel:<channel>'`);
}

/** Project-level rights (also the inferred `project?` ones) may be granted in project contexts. */
export function isProjectLevel(code: string): boolean {
  const level = rightsCatalog().get(code)?.level ?? '';
  return level === 'project' || level === 'project?' || level === 'global-or-project?';
}

export function checkRightCodes(codes: string[], field: string): void {
  const cat = rightsCatalog();
  for (const c of codes) {
    if (!cat.has(c)) throw validation(`Unknown right code '${c}' in ${field}`);
  }
}

/** A right requested/granted in `ctx` must make sense there. */
export function checkRightInContext(code: string, ctx: Context): void {
  if (ctx.kind === 'project' && !isProjectLevel(code)) {
    throw validation(`Right '${code}' is a global right and cannot be requested in context 'project:key:${ctx.project.key}'`);
  }
}

export function rejectChannel(ctx: Context): void {
  if (ctx.kind === 'channel') throw requestError(`Channel permission contexts ('${ctx.key}') are not supported by the Space emulator`);
}

function scopeAllows(scope: Scope, code: string, ctx: Context): boolean {
  if (scope.all) return true;
  return scope.grants.has(`global|${code}`) || scope.grants.has(`${ctx.key}|${code}`) || scope.grants.has(`${ctx.key}|**`) || scope.grants.has('global|**');
}

/** Does `caller` hold right `code` in `ctx`? Global holdings apply in every project. */
export function holds(caller: Caller, code: string, ctx: Context): boolean {
  if (caller.kind === 'user') {
    const u = caller.user;
    if (u.globalRights.includes('Superadmin') || u.globalRights.includes(code)) return true;
    return ctx.kind === 'project' && u.projectAdminOf.includes(ctx.project.id) && isProjectLevel(code);
  }
  const app = caller.app;
  if (!scopeAllows(caller.scope, code, ctx)) return false;
  const granted = (key: string, c: string): boolean => app.contexts[key]?.[c]?.status === 'GRANTED';
  if (granted('global', 'Superadmin') || granted('global', code)) return true;
  return ctx.kind === 'project' && (granted(ctx.key, code) || (granted(ctx.key, 'Project.Admin') && isProjectLevel(code)));
}

export function isSuperadmin(caller: Caller): boolean {
  return holds(caller, 'Superadmin', GLOBAL);
}

export function callerName(caller: Caller): string {
  return caller.kind === 'user' ? caller.user.username : `application '${caller.app.name}'`;
}

/** Generic endpoint rule: any one of the operation's rights, in the global context. */
export function requireAnyRight(caller: Caller, codes: string[], what: string): void {
  if (codes.length === 0 || codes.some((c) => holds(caller, c, GLOBAL))) return;
  throw denied(`${callerName(caller)} lacks the right ${codes.map((c) => `'${c}'`).join(' or ')} required to ${what}`);
}

// ------------------------------------------------------------ tokens

/** `userId`: issued by the authorization-code flow, the token acts as that user (through the app). */
interface AccessToken { appId: string; scope: Scope; scopeText: string; expiresAt: number; userId?: string }

/** OAuth access tokens issued by /oauth/token (memory only; they expire anyway). */
export class TokenStore {
  private readonly tokens = new Map<string, AccessToken>();
  private issued = 0;

  issue(app: AppRecord, scope: Scope, scopeText: string, ttlSeconds: number, userId?: string): string {
    // Occasionally drop tokens that expired long ago so a long benchmark does not grow without bound.
    if (++this.issued % 1000 === 0) {
      const cutoff = Date.now() - 3600_000;
      for (const [k, v] of this.tokens) if (v.expiresAt < cutoff) this.tokens.delete(k);
    }
    const token = `eyJ${crypto.randomBytes(30).toString('base64url')}`;
    this.tokens.set(token, { appId: app.id, scope, scopeText, expiresAt: Date.now() + ttlSeconds * 1000, ...(userId ? { userId } : {}) });
    return token;
  }

  get(token: string): AccessToken | undefined {
    return this.tokens.get(token);
  }
}

export function authenticate(state: State, tokens: TokenStore, header: string | undefined): Caller {
  if (!header) throw unauthenticated('Authentication required: send Authorization: Bearer <token>');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthenticated('Authorization header must use the Bearer scheme');
  const token = m[1]!;
  const user = state.usersByToken.get(token);
  if (user) return { kind: 'user', user };
  const at = tokens.get(token);
  if (at) {
    if (at.expiresAt <= Date.now()) throw unauthenticated('Access token has expired');
    const app = state.apps.get(at.appId);
    if (!app) throw unauthenticated('The application of this access token no longer exists');
    if (at.userId) {
      const u = state.users.find((x) => x.id === at.userId);
      if (!u) throw unauthenticated('The user of this access token no longer exists');
      return { kind: 'user', user: u };
    }
    return { kind: 'app', app, scope: at.scope };
  }
  const pt = state.permanentTokens.get(token);
  if (pt) {
    const app = state.apps.get(pt.appId);
    const rec = app?.permanentTokens.find((t) => t.id === pt.tokenId);
    if (app && rec) {
      if (rec.expires && Date.parse(rec.expires) <= Date.now()) throw unauthenticated('Permanent token has expired');
      return { kind: 'app', app, scope: parseScope(state, rec.scope), permanentTokenId: rec.id };
    }
  }
  throw unauthenticated('Invalid access token');
}

/**
 * Scope syntax (Space HTTP API): space-separated; `**` = all; `<context>:<right>` e.g.
 * `global:Project.View`, `project:key:ABC:Project.Issues.View`. A bare right code means global.
 */
export function parseScope(state: State, text: string): Scope {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) throw new ApiError('invalid_scope', 'Scope must not be empty');
  if (parts.includes('**')) return { all: true };
  const grants = new Set<string>();
  for (const p of parts) {
    let ctx: Context = GLOBAL;
    let code = p;
    if (p.startsWith('global:')) code = p.slice(7);
    else if (p.startsWith('project:')) {
      const m = /^project:((?:key|id):[^:]+):(.+)$/.exec(p);
      if (!m) throw new ApiError('invalid_scope', `Invalid scope element '${p}'`);
      const proj = resolveProject(state, m[1]!);
      if (!proj) throw new ApiError('invalid_scope', `Unknown project in scope element '${p}'`);
      ctx = projectContext(proj);
      code = m[2]!;
    }
    if (code !== '**' && !rightsCatalog().has(code)) throw new ApiError('invalid_scope', `Unknown right code '${code}' in scope`);
    grants.add(`${ctx.key}|${code}`);
  }
  return { all: false, grants };
}
