// Application permanent tokens (Space HTTP API), implemented: the token value works as a bearer token
// with the application's identity, limited to the token's scope.
import crypto from 'node:crypto';
import { ApiError, notFound, requestError, validation } from '../errors.js';
import { parseScope, projectContext, GLOBAL, type Scope } from '../access.js';
import { renderProject } from '../render.js';
import { rightsCatalog } from '../data.js';
import type { AppRecord, PermanentTokenRecord, State } from '../state.js';
import { paging } from './apps.js';
import { nowIso, targetApp, type Handler } from './context.js';

function scopeOrValidation(state: State, text: string): Scope {
  try {
    return parseScope(state, text);
  } catch (e) {
    if (e instanceof ApiError) throw validation(`Field 'scope' is invalid: ${e.message}`);
    throw e;
  }
}

function renderApiScope(state: State, scope: Scope): Record<string, unknown> {
  if (scope.all) return { className: 'XScopeApi.All' };
  const grants = [...scope.grants].map((g) => {
    const [key, code] = g.split('|') as [string, string];
    const project = key.startsWith('project:') ? state.projectsById.get(key.slice(8)) : undefined;
    const ctx = project ? projectContext(project) : GLOBAL;
    const cat = rightsCatalog().get(code);
    return {
      context: project ? { className: 'ProjectPermissionContext', project: renderProject(project) } : { className: 'GlobalPermissionContext' },
      right: { rightCode: code, name: cat?.name ?? code, group: cat?.group ?? '', description: cat?.name ?? code, targetName: ctx.kind === 'project' ? ctx.project.name : 'Global', dependencies: [] },
    };
  });
  return { className: 'XScopeApi.Scope', grants };
}

function renderToken(state: State, app: AppRecord, t: PermanentTokenRecord): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    application: { id: app.id, clientId: app.clientId, name: app.name, archived: app.archived },
    scope: t.scope,
    apiScope: renderApiScope(state, parseScope(state, t.scope)),
    created: t.created,
    expires: t.expires,
    lastAccess: t.lastAccess,
  };
}

function findToken(app: AppRecord, id: string): PermanentTokenRecord {
  const t = app.permanentTokens.find((x) => x.id === id);
  if (!t) throw notFound(`Permanent token '${id}' not found for application '${app.name}'`);
  return t;
}

export const createPermanentToken: Handler = (c) => {
  const app = targetApp(c);
  const b = c.body as { name: string; scope: string; expires?: string | null };
  scopeOrValidation(c.state, b.scope);
  const rec: PermanentTokenRecord = {
    id: crypto.randomBytes(6).toString('hex'),
    name: b.name,
    scope: b.scope,
    created: nowIso(),
    expires: b.expires ?? null,
    token: `apt-${crypto.randomBytes(24).toString('base64url')}`,
    lastAccess: null,
  };
  app.permanentTokens.push(rec);
  c.state.permanentTokens.set(rec.token, { appId: app.id, tokenId: rec.id });
  c.state.touch();
  return { first: renderToken(c.state, app, rec), second: rec.token };
};

export const listPermanentTokens: Handler = (c) => {
  const app = targetApp(c);
  const { skip, top } = paging(c);
  const page = app.permanentTokens.slice(skip, skip + top);
  return { next: String(skip + page.length), totalCount: app.permanentTokens.length, data: page.map((t) => renderToken(c.state, app, t)) };
};

export const patchPermanentToken: Handler = (c) => {
  const app = targetApp(c);
  const t = findToken(app, c.params.tokenId ?? '');
  const b = (c.body ?? {}) as { name?: string | null; scope?: string | null; expires?: string | null };
  if (b.scope != null) scopeOrValidation(c.state, b.scope);
  if (b.name != null) t.name = b.name;
  if (b.scope != null) t.scope = b.scope;
  if (b.expires !== undefined) t.expires = b.expires;
  c.state.touch();
  return undefined;
};

function removeToken(state: State, app: AppRecord, t: PermanentTokenRecord): void {
  app.permanentTokens = app.permanentTokens.filter((x) => x !== t);
  state.permanentTokens.delete(t.token);
  state.touch();
}

export const deletePermanentToken: Handler = (c) => {
  const app = targetApp(c);
  removeToken(c.state, app, findToken(app, c.params.tokenId ?? ''));
  return undefined;
};

export const deleteCurrentPermanentToken: Handler = (c) => {
  const app = targetApp(c);
  if (c.caller.kind !== 'app' || !c.caller.permanentTokenId || c.caller.app !== app) {
    throw requestError('DELETE permanent-tokens/current must be called with a permanent token of that application');
  }
  removeToken(c.state, app, findToken(app, c.caller.permanentTokenId));
  return undefined;
};
