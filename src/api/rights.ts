// Rights and authorizations (Space HTTP API). Contexts and right codes travel as plain strings.
import type { SpaceClient } from './client.js';
import { arrayOf, CONTEXT, RIGHT } from './contract.js';
import { contextString, pathId, rightCodeOf, type AppIdentifier, type Context } from './ids.js';
import type { PermissionContextApi, Principal, Right, RightDTO, RightStatus } from './types.js';

const authz = (app: AppIdentifier, rest: string) => `applications/${pathId(app)}/authorizations/${rest}`;
const RIGHT_FIELDS = 'rightCode,name,status,editable,dependencies';
const CONTEXT_FIELDS = 'className,project(id,key(key),name)';

/** Who requested (or last decided) and when: the admins' queue shows it (Space HTTP API, RightDTO). */
const HISTORY_FIELDS = 'modificationAuthor(name,details(className,user(username),app(id,name))),modificationTimestamp';

function principalOf(p: RightDTO['modificationAuthor']): Principal | undefined {
  if (!p || typeof p.name !== 'string') return undefined;
  const cls = p.details?.className ?? '';
  const kind = /User/.test(cls) ? 'user' : /Application/.test(cls) ? 'app' : cls ? 'other' : undefined;
  const username = p.details?.user?.username;
  return { name: p.name, ...(kind ? { kind } : {}), ...(username ? { username } : {}) };
}

const toRight = (d: RightDTO): Right => {
  const r: Right = { code: rightCodeOf(d.rightCode), name: d.name, status: d.status, editable: d.editable, dependencies: d.dependencies };
  const by = principalOf(d.modificationAuthor);
  if (by) r.changedBy = by;
  if (typeof d.modificationTimestamp === 'string' && d.modificationTimestamp) r.changedAt = d.modificationTimestamp;
  return r;
};

export async function getRequiredRights(api: SpaceClient, app: AppIdentifier): Promise<Right[]> {
  return (await api.request<RightDTO[]>({ path: authz(app, 'required-rights'), fields: RIGHT_FIELDS, expect: arrayOf(RIGHT) })).map(toRight);
}

export const updateRequiredRights = (api: SpaceClient, app: AppIdentifier, o: { add?: string[]; remove?: string[]; requestInAuthorizedContexts?: boolean }) =>
  api.request<void>({
    method: 'PATCH',
    idempotent: true, // adds and removes by code: a repeat finds them added or removed
    path: authz(app, 'required-rights'),
    body: { rightCodesToAdd: o.add ?? [], rightCodesToRemove: o.remove ?? [], requestRightsInAuthorizedContexts: o.requestInAuthorizedContexts ?? false },
  });

export const requestRights = (api: SpaceClient, app: AppIdentifier, context: Context, rightCodes: string[]) =>
  api.request<void>({ method: 'PATCH', idempotent: true, path: authz(app, 'authorized-rights/request-rights'), body: { contextIdentifier: contextString(context), rightCodes } });

export async function getAuthorizedRights(api: SpaceClient, app: AppIdentifier, context: Context, o: { history?: boolean } = {}): Promise<Right[]> {
  const fields = o.history ? `${RIGHT_FIELDS},${HISTORY_FIELDS}` : RIGHT_FIELDS;
  const list = await api.request<RightDTO[]>({ path: authz(app, 'authorized-rights'), query: { contextIdentifier: contextString(context) }, fields, expect: arrayOf(RIGHT) });
  return list.map(toRight);
}

/** One PATCH carries every update for the context (batch, the Space HTTP API). */
export const updateAuthorizedRights = (api: SpaceClient, app: AppIdentifier, context: Context, updates: Array<{ code: string; status: RightStatus }>) =>
  api.request<void>({
    method: 'PATCH',
    idempotent: true, // sets each right's status
    path: authz(app, 'authorized-rights'),
    body: { contextIdentifier: contextString(context), updates: updates.map((u) => ({ rightCode: u.code, status: u.status })) },
  });

export const removeAuthorization = (api: SpaceClient, app: AppIdentifier, context: Context) =>
  api.request<void>({ method: 'DELETE', path: authz(app, 'authorized-rights'), query: { contextIdentifier: contextString(context) } });

export async function getAuthorizedContexts(api: SpaceClient, app: AppIdentifier): Promise<PermissionContextApi[]> {
  // Ask for the project's key explicitly: nested entities may otherwise come back as stubs (Space HTTP API).
  return api.request<PermissionContextApi[]>({ path: authz(app, 'authorized-contexts'), fields: CONTEXT_FIELDS, expect: arrayOf(CONTEXT) });
}

