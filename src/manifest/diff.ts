// The plan: desired app vs live app → field-level changes plus the write operations that make them so.
// Pure (no I/O), so it is unit-tested directly.
import { GLOBAL, contextString, projectContext, type Context } from '../api/ids.js';
import type { CreateAppBody, Right, SshKeyData, UpdateAppBody } from '../api/types.js';
import { formatRedirectUris, mergeRedirectUris, parseRedirectUris } from '../domain/redirect-uris.js';
import { matchesFingerprint, parsePublicKey } from '../domain/ssh-keys.js';
import type { LiveApp } from './live.js';
import type { DesiredApp, DesiredKey, Verification } from './types.js';

export interface Change {
  /** Manifest path, e.g. `flows.authorizationCode.redirectUris`, `rights.projects.BACKEND`, `sshKeys`. */
  path: string;
  op: 'add' | 'remove' | 'change';
  from?: unknown;
  to?: unknown;
  /** Extra words for the human output ("will be requested"). */
  note?: string;
  /** --prune found something it cannot remove with these credentials; reported, skipped by apply. */
  blocked?: boolean;
}

export interface PendingRight { context: string; right: string }

export interface Ops {
  create?: CreateAppBody;
  patch?: UpdateAppBody;
  required: { add: string[]; remove: string[] };
  /** In order: global first, then projects in manifest order. */
  requests: Array<{ context: Context; codes: string[] }>;
  /** --prune: set these authorized rights to NONE (only ones the caller may edit). */
  withdraw: Array<{ context: Context; codes: string[] }>;
  /** --prune: project contexts the manifest does not list. */
  removeContexts: Context[];
  addKeys: DesiredKey[];
  deleteKeys: Array<{ fingerprint: string; label: string }>;
}

export interface AppPlan {
  name: string;
  action: 'create' | 'update' | 'none';
  appId?: string;
  changes: Change[];
  /** Manifest rights already requested, waiting for an administrator: in sync as far as the manifest goes. */
  pending: PendingRight[];
  /** Differences spacectl cannot change (email, SSH key comments); reported, not counted as changes. */
  notes: string[];
  ops: Ops;
}

export interface DiffOptions { prune?: boolean }

const HELD = new Set(['REQUESTED', 'GRANTED']);

export function diffApp(d: DesiredApp, live: LiveApp | undefined, o: DiffOptions = {}): AppPlan {
  const plan: AppPlan = {
    name: d.name,
    action: live ? 'none' : 'create',
    ...(live ? { appId: live.app.id } : {}),
    changes: [],
    pending: [],
    notes: [],
    ops: { required: { add: [], remove: [] }, requests: [], withdraw: [], removeContexts: [], addKeys: [], deleteKeys: [] },
  };
  if (live) diffFields(d, live, plan, o);
  else plan.ops.create = createBody(d, plan.changes);
  diffRights(d, live, plan, o);
  diffKeys(d, live?.sshKeys ?? (live ? undefined : []), plan, o);
  if (live && plan.changes.length) plan.action = 'update';
  return plan;
}

/** True when apply would write something (blocked prunes are reported, but there is nothing to send). */
export function hasWork(p: AppPlan): boolean {
  return p.action === 'create' || p.changes.some((c) => !c.blocked);
}

/** True when the manifest and Space agree: no change at all, not even a blocked prune. */
export function appInSync(p: AppPlan): boolean {
  return p.action !== 'create' && p.changes.length === 0;
}

// ------------------------------------------------------------------------------------------- app fields

function createBody(d: DesiredApp, changes: Change[]): CreateAppBody {
  const b: CreateAppBody = { name: d.name };
  const add = (path: string, to: unknown) => changes.push({ path, op: 'add', to });
  if (d.description !== undefined) { b.description = d.description; add('description', d.description); }
  if (d.email !== undefined) { b.email = d.email; add('email', d.email); }
  if (d.clientCredentials !== undefined) { b.clientCredentialsFlowEnabled = d.clientCredentials; add('flows.clientCredentials', d.clientCredentials); }
  if (d.code?.enabled !== undefined) { b.codeFlowEnabled = d.code.enabled; add('flows.authorizationCode.enabled', d.code.enabled); }
  if (d.code?.redirectUris?.length) { b.codeFlowRedirectURIs = formatRedirectUris(d.code.redirectUris); add('flows.authorizationCode.redirectUris', d.code.redirectUris); }
  if (d.code?.pkce !== undefined) { b.pkceRequired = d.code.pkce; add('flows.authorizationCode.pkce', d.code.pkce); }
  if (d.implicit?.enabled !== undefined) { b.implicitFlowEnabled = d.implicit.enabled; add('flows.implicit.enabled', d.implicit.enabled); }
  if (d.implicit?.redirectUris?.length) { b.implicitFlowRedirectURIs = formatRedirectUris(d.implicit.redirectUris); add('flows.implicit.redirectUris', d.implicit.redirectUris); }
  const e = d.endpoint;
  if (e?.uri !== undefined) { b.endpointUri = e.uri; add('endpoint.uri', e.uri); }
  if (e?.sslVerification !== undefined) { b.endpointSslVerification = e.sslVerification; add('endpoint.sslVerification', e.sslVerification); }
  if (e?.verification === 'signing-key') { b.appLevelAuth = { className: 'EndpointAuthCreate.SigningKey' }; b.hasSigningKey = true; }
  if (e?.verification === 'public-key') { b.appLevelAuth = { className: 'EndpointAuthCreate.PublicKeySignature' }; b.hasPublicKeySignature = true; }
  if (e?.verification) add('endpoint.verification', e.verification);
  return b;
}

/** How the live app verifies calls from Space, in manifest words (undefined when it is none of ours). */
export function liveVerification(app: LiveApp['app']): Verification | 'bearer' | 'basic' | 'verification-token' | undefined {
  const cls = app.settings?.endpointAuth?.appLevelAuth?.className ?? '';
  if (cls.endsWith('.SigningKey')) return 'signing-key';
  if (cls.endsWith('.PublicKeySignature')) return 'public-key';
  if (cls.endsWith('.Bearer')) return 'bearer';
  if (cls.endsWith('.Basic')) return 'basic';
  if (app.hasVerificationToken) return 'verification-token';
  if (app.hasSigningKey) return 'signing-key';
  if (app.hasPublicKeySignature) return 'public-key';
  return undefined;
}

function diffFields(d: DesiredApp, live: LiveApp, plan: AppPlan, o: DiffOptions): void {
  const a = live.app;
  const patch: UpdateAppBody = {};
  const ch = (path: string, from: unknown, to: unknown) => plan.changes.push({ path, op: 'change', from, to });
  if (d.description !== undefined && d.description !== (a.description ?? '')) {
    patch.description = d.description;
    ch('description', a.description ?? '', d.description);
  }
  if (d.email !== undefined && d.email !== (a.email ?? '')) {
    plan.notes.push(`email is ${a.email ? `"${a.email}"` : 'not set'} in Space, "${d.email}" in the manifest; Space cannot change an app's email after creation`);
  }
  const flag = (path: string, want: boolean | undefined, have: boolean | null | undefined, set: (v: boolean) => void) => {
    if (want === undefined || want === Boolean(have)) return;
    set(want);
    ch(path, Boolean(have), want);
  };
  flag('flows.clientCredentials', d.clientCredentials, a.clientCredentialsFlowEnabled, (v) => (patch.clientCredentialsFlowEnabled = v));
  flag('flows.authorizationCode.enabled', d.code?.enabled, a.codeFlowEnabled, (v) => (patch.codeFlowEnabled = v));
  flag('flows.authorizationCode.pkce', d.code?.pkce, a.pkceRequired, (v) => (patch.pkceRequired = v));
  flag('flows.implicit.enabled', d.implicit?.enabled, a.implicitFlowEnabled, (v) => (patch.implicitFlowEnabled = v));
  const uris = (path: string, want: string[] | undefined, have: string | null | undefined, set: (v: string) => void) => {
    if (want === undefined) return;
    const current = parseRedirectUris(have);
    const m = mergeRedirectUris(current, o.prune ? { add: want, replace: true } : { add: want });
    // With --prune the manifest's order wins; a mere reordering of the same URIs is not a change.
    const sameSet = m.added.length === 0 && m.removed.length === 0;
    if (sameSet) return;
    set(formatRedirectUris(m.result));
    for (const u of m.added) plan.changes.push({ path, op: 'add', to: u });
    for (const u of m.removed) plan.changes.push({ path, op: 'remove', from: u });
  };
  uris('flows.authorizationCode.redirectUris', d.code?.redirectUris, a.codeFlowRedirectURIs, (v) => (patch.codeFlowRedirectURIs = v));
  uris('flows.implicit.redirectUris', d.implicit?.redirectUris, a.implicitFlowRedirectURIs, (v) => (patch.implicitFlowRedirectURIs = v));
  const e = d.endpoint;
  if (e?.uri !== undefined && e.uri !== (a.endpointURI ?? '')) {
    patch.endpointUri = e.uri;
    plan.changes.push(a.endpointURI ? { path: 'endpoint.uri', op: 'change', from: a.endpointURI, to: e.uri } : { path: 'endpoint.uri', op: 'add', to: e.uri });
  }
  // Space treats an unset SSL verification as on.
  if (e?.sslVerification !== undefined && e.sslVerification !== (a.endpointSslVerification ?? true)) {
    patch.endpointSslVerification = e.sslVerification;
    ch('endpoint.sslVerification', a.endpointSslVerification ?? true, e.sslVerification);
  }
  if (e?.verification !== undefined) {
    const have = liveVerification(a);
    if (have !== e.verification) {
      if (e.verification === 'signing-key') Object.assign(patch, { appLevelAuth: 'SigningKey', hasSigningKey: true });
      else Object.assign(patch, { appLevelAuth: 'PublicKeySignature', hasPublicKeySignature: true });
      plan.changes.push(have ? { path: 'endpoint.verification', op: 'change', from: have, to: e.verification } : { path: 'endpoint.verification', op: 'add', to: e.verification });
    }
  }
  if (Object.keys(patch).length) plan.ops.patch = patch;
}

// ------------------------------------------------------------------------------------------- rights

function statusMap(list: Right[] | undefined): Map<string, Right> {
  return new Map((list ?? []).map((r) => [r.code, r]));
}

function diffRights(d: DesiredApp, live: LiveApp | undefined, plan: AppPlan, o: DiffOptions): void {
  if (!d.rights) return;
  const contexts: Array<{ ctx: Context; path: string; want: string[] }> = [
    { ctx: GLOBAL, path: 'rights.global', want: d.rights.global },
    ...d.rights.projects.map((p) => ({ ctx: projectContext(p.key), path: `rights.projects.${p.key}`, want: p.rights })),
  ];
  // Required rights (app-wide) mirror rights.global; project rights live only in their project context.
  const required = new Set((live?.requiredRights ?? []).map((r) => r.code));
  for (const code of d.rights.global) if (!required.has(code)) plan.ops.required.add.push(code);
  if (o.prune) {
    const want = new Set(d.rights.global);
    for (const code of required) if (!want.has(code)) plan.ops.required.remove.push(code);
  }

  for (const { ctx, path, want } of contexts) {
    const status = statusMap(live?.contexts.get(contextString(ctx)));
    const request: string[] = [];
    for (const code of want) {
      const s = status.get(code)?.status;
      if (s === 'REQUESTED') plan.pending.push({ context: contextString(ctx), right: code });
      if (s && HELD.has(s)) {
        if (ctx.kind === 'global' && plan.ops.required.add.includes(code)) plan.changes.push({ path, op: 'add', to: code, note: 'add to the required rights' });
        continue;
      }
      request.push(code);
      plan.changes.push(s === 'REJECTED'
        ? { path, op: 'change', from: 'REJECTED', to: code, note: 'rejected before; will be requested again' }
        : { path, op: 'add', to: code, note: 'will be requested' });
    }
    if (request.length) plan.ops.requests.push({ context: ctx, codes: request });
    if (o.prune && live) pruneContext(ctx, path, new Set(want), status, plan);
  }
  // Required rights dropped from rights.global, unless pruneContext already reported a (writable) removal.
  for (const code of plan.ops.required.remove) {
    const reported = plan.changes.some((c) => c.path === 'rights.global' && c.op === 'remove' && c.from === code && !c.blocked);
    if (!reported) plan.changes.push({ path: 'rights.global', op: 'remove', from: code, note: 'remove from the required rights' });
  }
  if (o.prune && live) {
    const listed = new Set(d.rights.projects.map((p) => p.key));
    for (const key of live.authorizedProjects ?? []) {
      if (listed.has(key)) continue;
      plan.ops.removeContexts.push(projectContext(key));
      plan.changes.push({ path: `rights.projects.${key}`, op: 'remove', from: key, note: 'remove the authorization in this project' });
    }
  }
}

function pruneContext(ctx: Context, path: string, want: Set<string>, status: Map<string, Right>, plan: AppPlan): void {
  const withdraw: string[] = [];
  for (const r of status.values()) {
    if (want.has(r.code) || !HELD.has(r.status)) continue;
    if (r.editable === false) {
      plan.changes.push({ path, op: 'remove', from: r.code, blocked: true, note: `${r.status.toLowerCase()}; withdrawing it needs an administrator of this context` });
    } else {
      withdraw.push(r.code);
      plan.changes.push({ path, op: 'remove', from: r.code, note: r.status === 'GRANTED' ? 'will be withdrawn' : 'request will be withdrawn' });
    }
  }
  if (withdraw.length) plan.ops.withdraw.push({ context: ctx, codes: withdraw });
}

// ------------------------------------------------------------------------------------------- SSH keys

function liveSha256(k: SshKeyData): string | undefined {
  try {
    return parsePublicKey(k.publicKey).sha256;
  } catch {
    return k.sha256fingerprint ?? undefined;
  }
}

function diffKeys(d: DesiredApp, liveKeys: SshKeyData[] | undefined, plan: AppPlan, o: DiffOptions): void {
  if (!d.sshKeys || !liveKeys) return;
  const same = (want: DesiredKey, k: SshKeyData) => matchesFingerprint(want.sha256, { ...k, sha256: liveSha256(k) });
  for (const want of d.sshKeys) {
    const have = liveKeys.find((k) => same(want, k));
    if (have) {
      if (have.comment !== want.comment) plan.notes.push(`SSH key ${want.sha256} has the comment "${have.comment}" in Space, "${want.comment}" in the manifest; comments cannot be changed in place`);
      continue;
    }
    plan.ops.addKeys.push(want);
    plan.changes.push({ path: 'sshKeys', op: 'add', to: want.sha256, note: want.comment });
  }
  if (!o.prune) return;
  for (const k of liveKeys) {
    if (d.sshKeys.some((want) => same(want, k))) continue;
    const label = liveSha256(k) ?? k.fingerprint;
    plan.ops.deleteKeys.push({ fingerprint: k.fingerprint, label });
    plan.changes.push({ path: 'sshKeys', op: 'remove', from: label, note: k.comment });
  }
}
