// Applications: one typed function per endpoint (Space HTTP API).
import type { SpaceClient } from './client.js';
import { APP, CREATED_APP, SECRET_VALUE } from './contract.js';
import { registerSecret } from './redact.js';
import { pathId, type AppIdentifier } from './ids.js';
import { APP_FIELDS, APP_SUMMARY_FIELDS, type App, type CreateAppBody, type UpdateAppBody } from './types.js';

const appPath = (app: AppIdentifier, rest = '') => `applications/${pathId(app)}${rest}`;

export const createApp = (api: SpaceClient, body: CreateAppBody) =>
  api.request<App>({ method: 'POST', path: 'applications', body, fields: APP_FIELDS, expect: CREATED_APP });

export const getApp = (api: SpaceClient, app: AppIdentifier) =>
  api.request<App>({ path: appPath(app), fields: APP_FIELDS, expect: APP });

export const updateApp = (api: SpaceClient, app: AppIdentifier, body: UpdateAppBody) =>
  api.request<App>({ method: 'PATCH', idempotent: true, path: appPath(app), body, fields: APP_FIELDS, expect: APP });

export const deleteApp = (api: SpaceClient, app: AppIdentifier) =>
  api.request<void>({ method: 'DELETE', path: appPath(app) });

/** Streams apps; `name` is Space's server-side filter (a substring match, hence exact matching in resolveApp). */
export function listApps(api: SpaceClient, o: { name?: string; fields?: string; pageSize?: number } = {}) {
  return api.paginate<App>({ path: 'applications/paged', query: { name: o.name }, fields: o.fields ?? APP_SUMMARY_FIELDS }, o.pageSize, APP);
}

export type AppSecretKind = 'client-secret' | 'signing-key' | 'verification-token' | 'bearer-token';

/** These endpoints answer a JSON string literal (or null when the app has none). */
export async function getAppSecret(api: SpaceClient, app: AppIdentifier, kind: AppSecretKind): Promise<string | null> {
  const value = await api.request<string | null>({ path: appPath(app, `/${kind}`), expect: SECRET_VALUE });
  registerSecret(value);
  return value;
}

export const regenerateAppSecret = (api: SpaceClient, app: AppIdentifier, kind: Exclude<AppSecretKind, 'bearer-token'>) =>
  api.request<void>({ method: 'POST', path: appPath(app, `/${kind}/regenerate`) });
