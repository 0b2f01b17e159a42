// Applications: create, list (paged), get, patch, delete, restore, force-remove (Space HTTP API).
import crypto from 'node:crypto';
import { duplicated, validation, denied } from '../errors.js';
import { renderApp } from '../render.js';
import type { AppRecord, AuthKind, PrincipalRef, State } from '../state.js';
import { callerRef, nowIso, str, targetApp, isSelf, type Handler, type HandlerContext } from './context.js';
import type { Json } from '../data.js';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(len = 12): string {
  const bytes = crypto.randomBytes(len);
  let s = '';
  for (let i = 0; i < len; i++) s += ID_ALPHABET[bytes[i]! % ID_ALPHABET.length];
  return s;
}

export const newSecret = (): string => crypto.randomBytes(32).toString('base64url'); // 43 chars

/** A fresh app with Space's defaults (Space HTTP API); no validation, used by create and seed-apps. */
export function newAppRecord(name: string, owner: PrincipalRef): AppRecord {
  const now = nowIso();
  return {
    id: randomId(),
    clientId: crypto.randomUUID(),
    clientSecret: newSecret(),
    name,
    description: null,
    email: null,
    pictureAttachmentId: null,
    defaultExternalPicture: null,
    clientCredentialsFlowEnabled: true,
    codeFlowEnabled: false,
    codeFlowRedirectURIs: null,
    pkceRequired: null,
    implicitFlowEnabled: false,
    implicitFlowRedirectURIs: null,
    endpointUri: null,
    endpointSslVerification: null,
    appLevelAuth: null,
    hasSigningKey: false,
    signingKey: null,
    hasVerificationToken: false,
    verificationToken: null,
    hasPublicKeySignature: false,
    bearerAuthToken: null,
    basicAuthUsername: null,
    basicAuthPassword: null,
    sslKeystoreAuth: null,
    connectToSpace: false,
    owner,
    createdAt: now,
    updatedAt: now,
    archived: false,
    requiredRights: [],
    contexts: {},
    sshKeys: [],
    permanentTokens: [],
    lastClientCredentialsAccess: null,
  };
}

function checkName(state: State, name: string, self?: AppRecord): void {
  if (name.trim() === '') throw validation("Field 'name' must not be empty");
  const other = state.appByName(name);
  if (other && other !== self) throw duplicated(`Application with name '${name}' already exists`);
}

/** Redirect URIs travel newline-separated in one string (Space HTTP API); each must be absolute. */
function checkRedirectUris(field: string, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  for (const line of value.split(/\r?\n/)) {
    const uri = line.trim();
    if (uri === '') continue;
    let ok = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(uri);
    if (ok) { try { new URL(uri); } catch { ok = false; } }
    if (!ok) throw validation(`Field '${field}' contains '${uri}', which is not an absolute URI`);
  }
}

function checkEndpointUri(value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  let ok = false;
  try {
    const u = new URL(value);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch { /* not a URL */ }
  if (!ok) throw validation(`Field 'endpointUri' must be an absolute http(s) URL, got '${value}'`);
}

const has = (b: Json, k: string): boolean => b !== null && typeof b === 'object' && Object.prototype.hasOwnProperty.call(b, k);

/** Endpoint and auth fields shared by create and patch. */
function applyEndpointFields(app: AppRecord, b: Json): void {
  if (has(b, 'endpointUri')) { checkEndpointUri(b.endpointUri); app.endpointUri = b.endpointUri ?? null; }
  if (has(b, 'endpointSslVerification')) app.endpointSslVerification = b.endpointSslVerification ?? null;
  if (has(b, 'sslKeystoreAuth')) app.sslKeystoreAuth = b.sslKeystoreAuth ?? null;
  if (has(b, 'basicAuthUsername')) app.basicAuthUsername = b.basicAuthUsername ?? null;
  if (has(b, 'basicAuthPassword')) app.basicAuthPassword = b.basicAuthPassword ?? null;
  if (has(b, 'bearerAuthToken')) app.bearerAuthToken = b.bearerAuthToken ?? null;
  if (has(b, 'hasPublicKeySignature') && b.hasPublicKeySignature !== null) app.hasPublicKeySignature = b.hasPublicKeySignature;
  if (has(b, 'hasSigningKey') && b.hasSigningKey !== null) app.hasSigningKey = b.hasSigningKey;
  if (has(b, 'hasVerificationToken') && b.hasVerificationToken !== null) app.hasVerificationToken = b.hasVerificationToken;
}

function setAuthKind(app: AppRecord, kind: AuthKind): void {
  if (kind === 'Bearer' && app.bearerAuthToken === null) throw validation("appLevelAuth 'Bearer' needs 'bearerAuthToken'");
  if (kind === 'Basic' && (app.basicAuthUsername === null || app.basicAuthPassword === null)) {
    throw validation("appLevelAuth 'Basic' needs 'basicAuthUsername' and 'basicAuthPassword'");
  }
  if (kind === 'SigningKey') app.hasSigningKey = true;
  if (kind === 'PublicKeySignature') app.hasPublicKeySignature = true;
  app.appLevelAuth = kind;
}

/** Turning a secret-backed feature on creates its secret when there is none yet. */
function ensureSecrets(app: AppRecord): void {
  if (app.hasSigningKey && app.signingKey === null) app.signingKey = crypto.randomBytes(32).toString('hex');
  if (app.hasVerificationToken && app.verificationToken === null) app.verificationToken = crypto.randomBytes(32).toString('hex');
}

export const createApp: Handler = (c) => {
  const b = c.body;
  const { state } = c;
  checkName(state, b.name);
  if (b.clientId != null) {
    if (b.clientId.trim() === '') throw validation("Field 'clientId' must not be empty");
    if (state.appsByClientId.has(b.clientId)) throw duplicated(`Application with clientId '${b.clientId}' already exists`);
  }
  if (b.clientSecret != null && b.clientSecret === '') throw validation("Field 'clientSecret' must not be empty");
  checkRedirectUris('codeFlowRedirectURIs', b.codeFlowRedirectURIs);
  checkRedirectUris('implicitFlowRedirectURIs', b.implicitFlowRedirectURIs);

  const app = newAppRecord(b.name, callerRef(c.caller));
  if (b.clientId != null) app.clientId = b.clientId;
  if (b.clientSecret != null) app.clientSecret = b.clientSecret;
  app.description = b.description ?? null;
  app.email = b.email ?? null;
  app.pictureAttachmentId = b.pictureAttachmentId ?? null;
  app.defaultExternalPicture = b.defaultExternalPicture ?? null;
  app.clientCredentialsFlowEnabled = b.clientCredentialsFlowEnabled ?? true;
  app.codeFlowEnabled = b.codeFlowEnabled ?? false;
  app.codeFlowRedirectURIs = b.codeFlowRedirectURIs ?? null;
  app.pkceRequired = b.pkceRequired ?? null;
  app.implicitFlowEnabled = b.implicitFlowEnabled ?? false;
  app.implicitFlowRedirectURIs = b.implicitFlowRedirectURIs ?? null;
  app.connectToSpace = b.connectToSpace ?? false;
  applyEndpointFields(app, b);
  // On create appLevelAuth is an EndpointAuthCreate.* object (Space HTTP API).
  const auth = b.appLevelAuth as { className: string; token?: string; username?: string; password?: string } | null | undefined;
  if (auth) {
    if (auth.className === 'EndpointAuthCreate.Bearer') app.bearerAuthToken = auth.token ?? null;
    if (auth.className === 'EndpointAuthCreate.Basic') { app.basicAuthUsername = auth.username ?? null; app.basicAuthPassword = auth.password ?? null; }
    setAuthKind(app, auth.className.replace('EndpointAuthCreate.', '') as AuthKind);
  }
  ensureSecrets(app);
  state.addApp(app);
  return renderApp(state, app);
};

export const getApp: Handler = (c) => renderApp(c.state, targetApp(c));

export const patchApp: Handler = (c) => {
  const app = targetApp(c);
  const b = c.body ?? {};
  const { state } = c;
  if (app.connectToSpace && !isSelf(c.caller, c.params.application)) {
    throw denied(`Application '${app.name}' is connected to Space (multi-org) and can only be updated by itself`);
  }
  // Validate everything before changing anything, so a rejected PATCH leaves the app untouched.
  if (has(b, 'name')) checkName(state, b.name, app);
  if (has(b, 'clientSecret') && b.clientSecret === '') throw validation("Field 'clientSecret' must not be empty");
  checkRedirectUris('codeFlowRedirectURIs', b.codeFlowRedirectURIs);
  checkRedirectUris('implicitFlowRedirectURIs', b.implicitFlowRedirectURIs);
  checkEndpointUri(b.endpointUri);
  const draft: AppRecord = { ...app };
  applyEndpointFields(draft, b);
  if (has(b, 'appLevelAuth')) setAuthKind(draft, b.appLevelAuth as AuthKind);

  Object.assign(app, draft);
  if (has(b, 'name') && b.name !== app.name) state.rename(app, b.name);
  for (const k of ['description', 'pictureAttachmentId', 'defaultExternalPicture', 'clientSecret', 'codeFlowRedirectURIs', 'implicitFlowRedirectURIs'] as const) {
    if (has(b, k)) (app as unknown as Record<string, unknown>)[k] = b[k] ?? null;
  }
  for (const k of ['clientCredentialsFlowEnabled', 'codeFlowEnabled', 'implicitFlowEnabled', 'pkceRequired'] as const) {
    if (has(b, k)) (app as unknown as Record<string, unknown>)[k] = b[k];
  }
  ensureSecrets(app);
  app.updatedAt = nowIso();
  state.touch();
  return renderApp(state, app);
};

export const deleteApp: Handler = (c) => {
  // Space removes connected apps asynchronously; the emulator removes at once (later calls → not-found).
  c.state.removeApp(targetApp(c));
  return undefined;
};

export const restoreApp: Handler = (c) => {
  const app = targetApp(c);
  if (app.archived) {
    app.archived = false;
    c.state.rename(app, app.name);
    c.state.touch();
  }
  return undefined;
};

export const lastAccess: Handler = (c) => targetApp(c).lastClientCredentialsAccess;

// ------------------------------------------------------------ listing

const listCache = new WeakMap<State, { version: number; lists: Map<string, AppRecord[]> }>();

function ownerFilter(c: HandlerContext): Set<string> | undefined {
  const raw = c.query.owner;
  if (raw === undefined) return undefined;
  const out = new Set<string>();
  for (const v of (Array.isArray(raw) ? raw : [raw]).flatMap((x) => x.split(','))) {
    if (v === 'me') out.add(c.caller.kind === 'user' ? c.caller.user.id : c.caller.app.id);
    else if (v.startsWith('username:')) { const u = c.state.usersByName.get(v.slice(9)); if (u) out.add(u.id); }
    else out.add(v.replace(/^id:/, ''));
  }
  return out;
}

/** Filtered and ordered list, cached per state version so paging through 5,000 apps stays cheap. */
function filteredApps(c: HandlerContext): AppRecord[] {
  const { state } = c;
  const name = str(c.query, 'name')?.toLowerCase() ?? '';
  const withArchived = str(c.query, 'withArchived') === 'true';
  const ordering = str(c.query, 'ordering') ?? '';
  const owners = ownerFilter(c);
  // LAST_EDITED depends on every edit; the other orderings only on membership and names.
  const version = ordering === 'LAST_EDITED' ? state.version : state.listVersion;
  const key = `${version}\u0000${name}\u0000${withArchived}\u0000${ordering}\u0000${owners ? [...owners].sort().join(',') : '*'}`;
  let cache = listCache.get(state);
  if (!cache || cache.version !== state.listVersion) {
    cache = { version: state.listVersion, lists: new Map() };
    listCache.set(state, cache);
  }
  const hit = cache.lists.get(key);
  if (hit) return hit;
  let list: AppRecord[] = [];
  for (const a of state.apps.values()) {
    if (a.archived && !withArchived) continue;
    if (name && !(state.lowerNames.get(a) ?? '').includes(name)) continue;
    if (owners && !owners.has(a.owner.id)) continue;
    list.push(a);
  }
  if (ordering === 'NAME_A_TO_Z' || ordering === 'NAME_Z_TO_A') {
    list.sort((x, y) => x.name.localeCompare(y.name, 'en', { sensitivity: 'base' }) || (x.name < y.name ? -1 : 1));
    if (ordering === 'NAME_Z_TO_A') list.reverse();
  } else if (ordering === 'LAST_EDITED') {
    list = list.sort((x, y) => (x.updatedAt < y.updatedAt ? 1 : x.updatedAt > y.updatedAt ? -1 : 0));
  }
  if (cache.lists.size > 256) cache.lists.clear();
  cache.lists.set(key, list);
  return list;
}

/** `$skip` is an opaque cursor for clients; the emulator uses the stringified offset. */
export function paging(c: HandlerContext): { skip: number; top: number } {
  const skipRaw = str(c.query, '$skip');
  const topRaw = str(c.query, '$top');
  if (skipRaw !== undefined && skipRaw !== '' && !/^\d+$/.test(skipRaw)) throw validation(`Invalid $skip cursor '${skipRaw}': pass the 'next' value of the previous page`);
  const skip = skipRaw ? Number(skipRaw) : 0;
  const top = topRaw === undefined ? 100 : Number(topRaw);
  if (top < 0) throw validation(`Query parameter '$top' must not be negative, got ${top}`);
  return { skip, top };
}

export const listApps: Handler = (c) => {
  const { skip, top } = paging(c);
  const list = filteredApps(c);
  const page = list.slice(skip, skip + top);
  return { next: String(skip + page.length), totalCount: list.length, data: page.map((a) => renderApp(c.state, a)) };
};
