// The app-fields planner (name-level fields of ES_App) and what a new app starts as. Pure.
import type { App, CreateAppBody, UpdateAppBody } from '../../api/types.js';
import type { ApiOp, Planned } from '../ops.js';

/** `name` renames the app (`app update --name`); a manifest names its app and never passes it. */
export interface AppFieldsIntent { name?: string; description?: string; email?: string }

/** Only what differs is sent. Space cannot change an app's email after creation: a difference is a note. */
export function planAppFields(app: App, intent: AppFieldsIntent): Planned {
  const plan: Planned = { ops: [], changes: [], notes: [] };
  const body: UpdateAppBody = {};
  if (intent.name !== undefined && intent.name !== app.name) {
    body.name = intent.name;
    plan.changes.push({ path: 'name', op: 'change', from: app.name, to: intent.name });
  }
  if (intent.description !== undefined && intent.description !== (app.description ?? '')) {
    body.description = intent.description;
    plan.changes.push({ path: 'description', op: 'change', from: app.description ?? '', to: intent.description });
  }
  if (intent.email !== undefined && intent.email !== (app.email ?? '')) {
    plan.notes.push(`email is ${app.email ? `"${app.email}"` : 'not set'} in Space, "${intent.email}" wanted; Space cannot change an app's email after creation`);
  }
  if (Object.keys(body).length) plan.ops.push({ op: 'update-app', body });
  return plan;
}

/** An app as Space creates it when the POST names nothing else (Space HTTP API defaults): the baseline a create is planned against. */
export function newApp(name: string): App {
  return {
    id: '', clientId: '', name,
    clientCredentialsFlowEnabled: true, codeFlowEnabled: false, implicitFlowEnabled: false, pkceRequired: null,
    hasSigningKey: false, hasPublicKeySignature: false, hasVerificationToken: false, hasBearerToken: false,
  };
}

const CREATE_FIELDS = [
  'description', 'clientCredentialsFlowEnabled', 'codeFlowEnabled', 'codeFlowRedirectURIs', 'pkceRequired', 'implicitFlowEnabled',
  'implicitFlowRedirectURIs', 'endpointUri', 'endpointSslVerification', 'hasSigningKey', 'hasPublicKeySignature',
] as const;

/**
 * A new app's operations: one POST carrying every field the create call takes (app-level auth as its
 * `EndpointAuthCreate.*` object), then a PATCH for the rest (e.g. the verification token), then the others.
 * `email` can only be set here.
 */
export function createOps(name: string, email: string | undefined, ops: ApiOp[]): ApiOp[] {
  const create: CreateAppBody = { name, ...(email !== undefined ? { email } : {}) };
  const rest: UpdateAppBody = {};
  const others: ApiOp[] = [];
  for (const op of ops) {
    if (op.op !== 'update-app') {
      others.push(op);
      continue;
    }
    const b: Record<string, unknown> = { ...op.body };
    for (const k of CREATE_FIELDS) {
      if (b[k] === undefined || b[k] === null) continue;
      (create as unknown as Record<string, unknown>)[k] = b[k];
      delete b[k];
    }
    const auth = op.body.appLevelAuth;
    if (auth) {
      create.appLevelAuth = { className: `EndpointAuthCreate.${auth}` };
      if (auth === 'Bearer') create.appLevelAuth.token = op.body.bearerAuthToken;
      if (auth === 'Basic') Object.assign(create.appLevelAuth, { username: op.body.basicAuthUsername, password: op.body.basicAuthPassword });
      for (const k of ['appLevelAuth', 'bearerAuthToken', 'basicAuthUsername', 'basicAuthPassword']) delete b[k];
    }
    Object.assign(rest, b);
  }
  return [{ op: 'create-app', body: create }, ...(Object.keys(rest).length ? [{ op: 'update-app' as const, body: rest }] : []), ...others];
}
