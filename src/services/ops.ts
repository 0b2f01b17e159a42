// What a planner decides, as data: the API operations that turn the live state into the intended one, plus
// the human-readable changes. Planners are pure; executeOp() is the one place that sends an operation, so a
// command, `apply` and a dry run all send (or print) exactly the same thing.
import { deleteApp, getApp, updateApp } from '../api/apps.js';
import { parseRedirectUris } from '../domain/redirect-uris.js';
import { createAppConfirmed, isAmbiguousWrite } from './apps/create.js';
import { regenerateConfirmed } from './secrets/rotate.js';
import { addSshKey, deleteSshKey, listSshKeys } from '../api/misc.js';
import type { SpaceClient } from '../api/client.js';
import { isApiError } from '../api/errors.js';
import { contextOf, contextString, pathId, type AppIdentifier, type Context } from '../api/ids.js';
import { getAuthorizedContexts, getAuthorizedRights, getRequiredRights, removeAuthorization, requestRights, updateAuthorizedRights, updateRequiredRights } from '../api/rights.js';
import type { App, CreateAppBody, RightStatus, UpdateAppBody } from '../api/types.js';

export type ApiOp =
  | { op: 'create-app'; body: CreateAppBody }
  | { op: 'update-app'; body: UpdateAppBody }
  | { op: 'update-required-rights'; add: string[]; remove: string[] }
  | { op: 'request-rights'; context: Context; codes: string[] }
  | { op: 'set-rights'; context: Context; updates: Array<{ code: string; status: RightStatus }> }
  | { op: 'remove-authorization'; context: Context }
  | { op: 'add-ssh-key'; publicKey: string; comment: string; label: string }
  | { op: 'delete-ssh-key'; fingerprint: string; label: string }
  | { op: 'delete-app' }
  | { op: 'regenerate-secret'; kind: 'client-secret' | 'signing-key' | 'verification-token' };

/** One difference, in manifest words (`path` is the manifest path, e.g. `flows.authorizationCode.redirectUris`). */
export interface Change {
  path: string;
  op: 'add' | 'remove' | 'change';
  from?: unknown;
  to?: unknown;
  /** Extra words for the human output ("will be requested"). */
  note?: string;
  /** Something that cannot be changed with these credentials; reported, never sent. */
  blocked?: boolean;
}

/** A planner's answer. `notes`: differences spacectl cannot change (reported, not counted as changes). */
export interface Planned {
  ops: ApiOp[];
  changes: Change[];
  notes: string[];
}

export const emptyPlan = (): Planned => ({ ops: [], changes: [], notes: [] });

const changeKey = (c: Change) => JSON.stringify([c.path, c.op, c.from, c.to]);

/**
 * The changes of a plan made again just before writing that the confirmed plan did not contain (blocked ones
 * send nothing and do not count). Fewer changes is fine: someone else already made them.
 */
export function unconfirmedChanges(confirmed: Change[], fresh: Change[]): Change[] {
  const shown = new Set(confirmed.map(changeKey));
  return fresh.filter((c) => !c.blocked && !shown.has(changeKey(c)));
}

/** Several planners' answers as one, with every app PATCH folded into a single `update-app` (the first). */
export function combine(...plans: Planned[]): Planned {
  const out = emptyPlan();
  let patch: UpdateAppBody | undefined;
  for (const p of plans) {
    for (const op of p.ops) {
      if (op.op === 'update-app') {
        if (patch) Object.assign(patch, op.body);
        else out.ops.push({ op: 'update-app', body: (patch = { ...op.body }) });
      } else out.ops.push(op);
    }
    out.changes.push(...p.changes);
    out.notes.push(...p.notes);
  }
  return out;
}

/** The PATCH body of a plan (empty when it sends none). */
export const patchOf = (p: Planned): UpdateAppBody => {
  const op = p.ops.find((o) => o.op === 'update-app');
  return op?.op === 'update-app' ? op.body : {};
};

/** Fields that hold a secret: named in output, never valued. */
const SECRET_FIELDS = new Set(['bearerAuthToken', 'basicAuthPassword', 'clientSecret', 'token', 'password']);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) && v != null ? '<secret>' : redact(v)]));
  }
  return value;
}

/** The request an operation sends, for `--dry-run` and logs: method, path and body, secrets replaced by `<secret>`. */
export function describeOp(op: ApiOp, app?: AppIdentifier): string {
  const a = `applications/${app ? pathId(app) : '{application}'}`;
  const body = (b: unknown) => JSON.stringify(redact(b));
  switch (op.op) {
    case 'create-app': return `POST applications ${body(op.body)}`;
    case 'update-app': return `PATCH ${a} ${body(op.body)}`;
    case 'update-required-rights':
      return `PATCH ${a}/authorizations/required-rights ${body({ rightCodesToAdd: op.add, rightCodesToRemove: op.remove, requestRightsInAuthorizedContexts: false })}`;
    case 'request-rights': return `PATCH ${a}/authorizations/authorized-rights/request-rights ${body({ contextIdentifier: contextString(op.context), rightCodes: op.codes })}`;
    case 'set-rights':
      return `PATCH ${a}/authorizations/authorized-rights ${body({ contextIdentifier: contextString(op.context), updates: op.updates.map((u) => ({ rightCode: u.code, status: u.status })) })}`;
    case 'remove-authorization': return `DELETE ${a}/authorizations/authorized-rights?contextIdentifier=${contextString(op.context)}`;
    case 'add-ssh-key': return `POST ${a}/ssh-keys ${body({ publicKey: op.publicKey, comment: op.comment })}`;
    case 'delete-ssh-key': return `DELETE ${a}/ssh-keys/${encodeURIComponent(op.fingerprint)}`;
    case 'delete-app': return `DELETE ${a}`;
    case 'regenerate-secret': return `POST ${a}/${op.kind}/regenerate`;
  }
}

/** Receives the operations a dry run would have sent, in order. */
export type OpRecorder = (op: ApiOp, app: AppIdentifier | undefined) => void;
const recorders = new WeakMap<SpaceClient, OpRecorder>();

/**
 * --dry-run: from now on executeOp() hands this client's operations to `recorder` instead of sending them, so
 * a command and the services it calls take their normal path and the recorder sees exactly what they would
 * send. (The client also refuses any write that bypasses executeOp.)
 */
export function recordOpsInstead(api: SpaceClient, recorder: OpRecorder): void {
  recorders.set(api, recorder);
}

/**
 * Sends one operation. Adds and removals whose answer says "already so" (a duplicate key, a key already gone)
 * count as done, so a re-run after an interrupted one converges. Returns the app for create/update.
 */
export async function executeOp(api: SpaceClient, app: AppIdentifier | undefined, op: ApiOp): Promise<App | undefined> {
  const recorder = recorders.get(api);
  if (recorder) {
    recorder(op, app);
    return undefined;
  }
  // A lost answer is read back by name, never guessed (services/apps/create).
  if (op.op === 'create-app') return (await createAppConfirmed(api, op.body)).app;
  if (!app) throw new Error(`${op.op} needs an application`);
  try {
    return await send(api, app, op);
  } catch (e) {
    // The answer was lost (a 500, a reset, a garbled body), perhaps after Space made the change: read it back.
    if (isAmbiguousWrite(e)) {
      if (op.op === 'update-app') {
        const now = await patchTookEffect(api, app, op.body).catch(() => undefined);
        if (now) return now;
      } else if (await tookEffect(api, app, op).catch(() => false)) return undefined;
    }
    throw e;
  }
}

async function send(api: SpaceClient, app: AppIdentifier, op: Exclude<ApiOp, { op: 'create-app' }>): Promise<App | undefined> {
  switch (op.op) {
    case 'update-app': return updateApp(api, app, op.body);
    case 'update-required-rights':
      // Only the contexts asked for get requests; propagating to every authorized context is not what was said.
      await updateRequiredRights(api, app, { add: op.add, remove: op.remove, requestInAuthorizedContexts: false });
      return undefined;
    case 'request-rights': await requestRights(api, app, op.context, op.codes); return undefined;
    case 'set-rights': await updateAuthorizedRights(api, app, op.context, op.updates); return undefined;
    case 'remove-authorization': await removeAuthorization(api, app, op.context); return undefined;
    case 'add-ssh-key':
      try {
        await addSshKey(api, app, op.publicKey, op.comment);
      } catch (e) {
        if (!isApiError(e, 'duplicated-entity')) throw e;
      }
      return undefined;
    case 'delete-app':
      // Gone already (a retried DELETE whose first attempt did it, or someone else): what was asked is done.
      try {
        await deleteApp(api, app);
      } catch (e) {
        if (!isApiError(e, 'not-found')) throw e;
      }
      return undefined;
    // A lost answer is read back and compared, never guessed (services/secrets/rotate).
    case 'regenerate-secret': await regenerateConfirmed(api, app, op.kind); return undefined;
    case 'delete-ssh-key':
      try {
        await deleteSshKey(api, app, op.fingerprint);
      } catch (e) {
        if (!isApiError(e, 'not-found')) throw e;
      }
      return undefined;
  }
}

/**
 * Whether Space shows `op` as done, read back after its answer was lost. Only for operations whose effect can
 * be read (a PATCH of the app is read back by patchTookEffect; a secret rotation where it is sent,
 * services/secrets/rotate). A deleted app is gone or archived (Space removes connected apps asynchronously);
 * one that is still there, unarchived, stays "may or may not have taken effect".
 */
async function tookEffect(api: SpaceClient, app: AppIdentifier, op: ApiOp): Promise<boolean> {
  const statusIn = async (context: Context) => new Map((await getAuthorizedRights(api, app, context)).map((r) => [r.code, r.status]));
  switch (op.op) {
    case 'add-ssh-key': {
      // Loaded here: key parsing needs node:crypto, which a plain request does not load (start-up cost).
      const [{ parsePublicKey }, { sameKey }] = await Promise.all([import('../domain/ssh-keys.js'), import('./ssh-keys/keys.js')]);
      const key = parsePublicKey(op.publicKey);
      return (await listSshKeys(api, app)).some((k) => sameKey(k, key));
    }
    case 'delete-ssh-key': return !(await listSshKeys(api, app)).some((k) => k.fingerprint === op.fingerprint);
    case 'request-rights': {
      const now = await statusIn(op.context);
      return op.codes.every((c) => now.get(c) === 'REQUESTED' || now.get(c) === 'GRANTED');
    }
    case 'set-rights': {
      const now = await statusIn(op.context);
      return op.updates.every((u) => (now.get(u.code) ?? 'NONE') === u.status);
    }
    case 'update-required-rights': {
      const now = new Set((await getRequiredRights(api, app)).map((r) => r.code));
      return op.add.every((c) => now.has(c)) && !op.remove.some((c) => now.has(c));
    }
    case 'remove-authorization': {
      const gone = contextString(op.context);
      return !(await getAuthorizedContexts(api, app)).some((c) => {
        const ctx = contextOf(c);
        return ctx !== undefined && contextString(ctx) === gone;
      });
    }
    case 'delete-app':
      try {
        return (await getApp(api, app)).archived === true;
      } catch (e) {
        if (isApiError(e, 'not-found')) return true;
        throw e;
      }
    default: return false;
  }
}

/** PATCH fields that can be read back as sent (ES_App); a body with any other (a secret, the auth kind) is not confirmed. */
const READABLE_FIELDS: Record<string, (app: App, sent: unknown) => boolean> = {
  name: (a, v) => a.name === v,
  description: (a, v) => (a.description ?? '') === v,
  clientCredentialsFlowEnabled: (a, v) => Boolean(a.clientCredentialsFlowEnabled) === v,
  codeFlowEnabled: (a, v) => Boolean(a.codeFlowEnabled) === v,
  implicitFlowEnabled: (a, v) => Boolean(a.implicitFlowEnabled) === v,
  pkceRequired: (a, v) => Boolean(a.pkceRequired) === v,
  codeFlowRedirectURIs: (a, v) => sameList(a.codeFlowRedirectURIs, v),
  implicitFlowRedirectURIs: (a, v) => sameList(a.implicitFlowRedirectURIs, v),
  endpointUri: (a, v) => (a.endpointURI ?? null) === (v ?? null),
  endpointSslVerification: (a, v) => (a.endpointSslVerification ?? true) === v,
  hasVerificationToken: (a, v) => Boolean(a.hasVerificationToken) === v,
  hasSigningKey: (a, v) => Boolean(a.hasSigningKey) === v,
  hasPublicKeySignature: (a, v) => Boolean(a.hasPublicKeySignature) === v,
};
const sameList = (live: string | null | undefined, sent: unknown) =>
  JSON.stringify(parseRedirectUris(live)) === JSON.stringify(parseRedirectUris(typeof sent === 'string' ? sent : null));

/** The app read back after a PATCH whose answer was lost, when it shows every field as sent; undefined otherwise. */
async function patchTookEffect(api: SpaceClient, app: AppIdentifier, body: UpdateAppBody): Promise<App | undefined> {
  const fields = Object.entries(body).filter(([, v]) => v !== undefined);
  if (!fields.every(([k]) => k in READABLE_FIELDS)) return undefined;
  const now = await getApp(api, app);
  return fields.every(([k, v]) => READABLE_FIELDS[k]!(now, v)) ? now : undefined;
}

/** Sends the operations in order; returns the app as the last create/update answered (undefined if none did). */
export async function executeOps(api: SpaceClient, app: AppIdentifier | undefined, ops: ApiOp[]): Promise<App | undefined> {
  let last: App | undefined;
  for (const op of ops) last = (await executeOp(api, app, op)) ?? last;
  return last;
}
