// Application rights: required rights, per-context authorized rights, contexts (Space HTTP API).
import {
  GLOBAL, checkRightCodes, checkRightInContext, holds, isProjectLevel, isSuperadmin, parseContext, projectContext,
  rejectChannel, type Caller, type Context,
} from '../access.js';
import { denied } from '../errors.js';
import { contextTargetName, renderApp, renderProject, renderRight } from '../render.js';
import type { AppRecord, RightStatus, State } from '../state.js';
import { callerRef, isSelf, nowIso, str, targetApp, type Handler } from './context.js';

/** Who may change statuses in a context: Superadmin anywhere, Project.Admin in its project. */
function canManage(caller: Caller, ctx: Context): boolean {
  if (isSuperadmin(caller)) return true;
  return ctx.kind === 'project' && holds(caller, 'Project.Admin', ctx);
}

function hasRecords(app: AppRecord, key: string): boolean {
  const recs = app.contexts[key];
  if (!recs) return false;
  for (const r of Object.values(recs)) if (r.status !== 'NONE') return true;
  return false;
}

/** Contexts the app is authorized in: global always, then projects with records (seed order). */
function authorizedContexts(state: State, app: AppRecord): Context[] {
  const out: Context[] = [GLOBAL];
  for (const p of state.projects) {
    const ctx = projectContext(p);
    if (hasRecords(app, ctx.key)) out.push(ctx);
  }
  return out;
}

/**
 * Files requests for `codes` in `ctx`: already GRANTED stays; a right the caller itself holds there is
 * granted at once (as when an admin adds rights in the UI); anything else becomes REQUESTED.
 */
function requestRights(app: AppRecord, ctx: Context, codes: string[], caller: Caller): void {
  const recs = (app.contexts[ctx.key] ??= {});
  const by = callerRef(caller);
  const at = nowIso();
  for (const code of codes) {
    if (recs[code]?.status === 'GRANTED') continue;
    recs[code] = { status: holds(caller, code, ctx) ? 'GRANTED' : 'REQUESTED', by, at };
  }
}

export const getRequiredRights: Handler = (c) => {
  const app = targetApp(c);
  const editable = canManage(c.caller, GLOBAL);
  return app.requiredRights.map((code) => renderRight(c.state, code, app.contexts.global?.[code], 'Global', editable));
};

export const patchRequiredRights: Handler = (c) => {
  const app = targetApp(c);
  const { rightCodesToAdd: add, rightCodesToRemove: remove, requestRightsInAuthorizedContexts: propagate } = c.body as {
    rightCodesToAdd: string[]; rightCodesToRemove: string[]; requestRightsInAuthorizedContexts: boolean;
  };
  checkRightCodes(add, 'rightCodesToAdd');
  checkRightCodes(remove, 'rightCodesToRemove');
  const set = new Set(app.requiredRights);
  for (const code of remove) set.delete(code);
  for (const code of add) set.add(code);
  app.requiredRights = [...set];
  if (propagate && add.length) {
    for (const ctx of authorizedContexts(c.state, app)) {
      const codes = ctx.kind === 'project' ? add.filter(isProjectLevel) : add;
      if (codes.length) requestRights(app, ctx, codes, c.caller);
    }
  }
  c.state.touch();
  return undefined;
};

export const patchRequestRights: Handler = (c) => {
  const app = targetApp(c);
  const { contextIdentifier, rightCodes } = c.body as { contextIdentifier: string; rightCodes: string[] };
  checkRightCodes(rightCodes, 'rightCodes');
  const ctx = parseContext(c.state, contextIdentifier);
  rejectChannel(ctx);
  for (const code of rightCodes) checkRightInContext(code, ctx);
  requestRights(app, ctx, rightCodes, c.caller);
  c.state.touch();
  return undefined;
};

export const getAuthorizedRights: Handler = (c) => {
  const app = targetApp(c);
  const ctx = parseContext(c.state, str(c.query, 'contextIdentifier') ?? '');
  rejectChannel(ctx);
  const editable = canManage(c.caller, ctx);
  const target = contextTargetName(ctx);
  const out: unknown[] = [];
  for (const [code, rec] of Object.entries(app.contexts[ctx.key] ?? {})) {
    if (rec.status !== 'NONE') out.push(renderRight(c.state, code, rec, target, editable));
  }
  return out;
};

export const patchAuthorizedRights: Handler = (c) => {
  const app = targetApp(c);
  const { contextIdentifier, updates } = c.body as { contextIdentifier: string; updates: { rightCode: string; status: RightStatus }[] };
  const ctx = parseContext(c.state, contextIdentifier);
  rejectChannel(ctx);
  // Global rights are granted by organisation admins, project rights by that project's admins (Space HTTP API).
  if (!canManage(c.caller, ctx)) {
    const who = c.caller.kind === 'user' ? c.caller.user.username : `application '${c.caller.app.name}'`;
    const need = ctx.kind === 'global' ? "'Superadmin'" : `'Project.Admin' in project ${ctx.kind === 'project' ? ctx.project.key : ''} or 'Superadmin'`;
    throw denied(`${who} may not change application rights in context '${contextIdentifier}': requires ${need}`);
  }
  checkRightCodes(updates.map((u) => u.rightCode), 'updates');
  for (const u of updates) checkRightInContext(u.rightCode, ctx);
  const recs = (app.contexts[ctx.key] ??= {});
  const by = callerRef(c.caller);
  const at = nowIso();
  for (const u of updates) {
    if (u.status === 'NONE') delete recs[u.rightCode];
    else recs[u.rightCode] = { status: u.status, by, at };
  }
  c.state.touch();
  return undefined;
};

export const deleteAuthorizedRights: Handler = (c) => {
  const app = targetApp(c);
  const ident = str(c.query, 'contextIdentifier') ?? '';
  const ctx = parseContext(c.state, ident);
  rejectChannel(ctx);
  // No x-rights in the spec: admins of the context, app editors, or the app itself may remove it.
  if (!canManage(c.caller, ctx) && !holds(c.caller, 'Applications.Edit', GLOBAL) && !isSelf(c.caller, c.params.application)) {
    throw denied(`Removing the authorization of '${app.name}' in context '${ident}' requires 'Superadmin', 'Project.Admin' there or 'Applications.Edit'`);
  }
  delete app.contexts[ctx.key];
  c.state.touch();
  return undefined;
};

export const getAuthorizedContexts: Handler = (c) => {
  const app = targetApp(c);
  return authorizedContexts(c.state, app).map((ctx) =>
    ctx.kind === 'project' ? { className: 'ProjectPermissionContext', project: renderProject(ctx.project) } : { className: 'GlobalPermissionContext' },
  );
};

export const getAuthorizedApplications: Handler = (c) => {
  const ctx = parseContext(c.state, str(c.query, 'contextIdentifier') ?? '');
  rejectChannel(ctx);
  const out: unknown[] = [];
  for (const app of c.state.apps.values()) if (hasRecords(app, ctx.key)) out.push(renderApp(c.state, app));
  return out;
};
