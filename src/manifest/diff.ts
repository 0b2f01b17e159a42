// The plan of one manifest app: the services' planners (the same ones the imperative commands use) applied
// to every field of the document. A new app is planned against what Space creates (newApp) and sent as one
// POST plus whatever the POST cannot carry. Pure (no I/O), so it is unit-tested directly.
import { GLOBAL, contextString, projectContext } from '../api/ids.js';
import { createOps, newApp, planAppFields } from '../services/apps/plan.js';
import { validateAppName } from '../services/apps/ref.js';
import { appSummary, type AppSummary } from '../services/apps/ref.js';
import { planEndpoint, type EndpointIntent } from '../services/endpoint/settings.js';
import { CONFIGURABLE_FLOWS, type ConfigurableFlow } from '../services/flows/flows.js';
import { planFlow, type FlowIntent } from '../services/flows/plan.js';
import { combine, type ApiOp, type Change, type Planned } from '../services/ops.js';
import { planContextRights, planProjectAuthorizations, planRequired } from '../services/rights/plan.js';
import { planSshKeys } from '../services/ssh-keys/plan.js';
import type { SinkPlan } from '../services/secrets/sinks.js';
import type { LiveApp } from './live.js';
import type { DesiredApp } from './types.js';

export type { Change } from '../services/ops.js';

export interface PendingRight { context: string; right: string }

export interface AppPlan {
  name: string;
  action: 'create' | 'update' | 'none';
  /** The live app, when it exists (not for an app the plan creates). */
  app?: AppSummary;
  changes: Change[];
  /** Manifest rights already requested, waiting for an administrator: in sync as far as the manifest goes. */
  pending: PendingRight[];
  /** Differences spacectl cannot change (email, SSH key comments); reported, not counted as changes. */
  notes: string[];
  /** The API operations, in the order they are sent (`describeOp` prints them). */
  ops: ApiOp[];
  /** Secret sinks to write or refuse (services/secrets), set by planManifest once the sinks were looked at. */
  sinks?: SinkPlan;
}

export interface DiffOptions { prune?: boolean }

/** The intent of each flow the manifest mentions. Without --prune, redirect URIs only get added. */
export function flowIntents(d: DesiredApp, o: DiffOptions = {}): Array<[ConfigurableFlow, FlowIntent]> {
  const uris = (list: string[] | undefined) => (list === undefined ? {} : { redirectUris: { add: list, replace: Boolean(o.prune) } });
  const out: Array<[ConfigurableFlow, FlowIntent]> = [];
  for (const flow of CONFIGURABLE_FLOWS) {
    if (flow === 'client-credentials' && d.clientCredentials !== undefined) out.push([flow, { enabled: d.clientCredentials }]);
    const c: { enabled?: boolean; redirectUris?: string[]; pkce?: boolean } | undefined = flow === 'authorization-code' ? d.code : flow === 'implicit' ? d.implicit : undefined;
    if (!c) continue;
    out.push([flow, { ...(c.enabled !== undefined ? { enabled: c.enabled } : {}), ...uris(c.redirectUris), ...(c.pkce !== undefined ? { pkce: c.pkce } : {}) }]);
  }
  return out;
}

/** The endpoint intent of the manifest: secrets only from their references, never re-sent when they cannot be compared. */
export function endpointIntent(d: DesiredApp, live: LiveApp | undefined): EndpointIntent | undefined {
  const e = d.endpoint;
  if (!e) return undefined;
  const a = e.appLevelAuth;
  return {
    ...(e.uri !== undefined ? { uri: e.uri } : {}),
    ...(e.sslVerification !== undefined ? { sslVerification: e.sslVerification } : {}),
    ...(e.verification !== undefined ? { verification: e.verification } : {}),
    ...(a?.kind === 'bearer' ? { appLevelAuth: { kind: 'bearer' as const, token: a.token.value, ...(live?.bearerToken !== undefined ? { currentToken: live.bearerToken } : {}) } } : {}),
    ...(a?.kind === 'basic' ? { appLevelAuth: { kind: 'basic' as const, username: a.username, password: a.password.value } } : {}),
    resendSecrets: false,
  };
}

export function diffApp(d: DesiredApp, live: LiveApp | undefined, o: DiffOptions = {}): AppPlan {
  // A name is checked only to create it (as `app create --name` does): an app that already has an odd name
  // (made in the UI) is still managed, and its export plans in sync.
  if (!live) validateAppName(d.name, `apps[${d.index}].name`);
  const app = live?.app ?? newApp(d.name);
  const parts: Planned[] = [planAppFields(app, { description: d.description, ...(live ? { email: d.email } : {}) })];
  for (const [flow, intent] of flowIntents(d, o)) parts.push(planFlow(app, flow, intent));
  const endpoint = endpointIntent(d, live);
  if (endpoint) parts.push(planEndpoint(app, endpoint));

  const pending: PendingRight[] = [];
  if (d.rights) {
    const r = d.rights;
    if (r.required) {
      const required = (live?.requiredRights ?? []).map((x) => x.code);
      parts.push(planRequired(required, o.prune ? { exact: r.required } : { add: r.required }));
    }
    const contexts = [...(r.global ? [{ ctx: GLOBAL, want: r.global }] : []), ...(r.projects ?? []).map((p) => ({ ctx: projectContext(p.key), want: p.rights }))];
    for (const { ctx, want } of contexts) {
      // An empty list asks for nothing, and has nothing to prune unless --prune was given.
      const plan = planContextRights(ctx, live?.contexts.get(contextString(ctx)) ?? [], { want, prune: Boolean(o.prune && live) });
      pending.push(...plan.pending.map((right) => ({ context: contextString(ctx), right })));
      parts.push(plan);
    }
    if (o.prune && live && r.projects) {
      if (live.otherContexts?.length) {
        parts.push({ ops: [], changes: [], notes: [`also authorized in ${live.otherContexts.join(', ')}: a manifest cannot name ${live.otherContexts.length === 1 ? 'it' : 'them'}, so --prune leaves ${live.otherContexts.length === 1 ? 'it' : 'them'} as ${live.otherContexts.length === 1 ? 'it is' : 'they are'}`] });
      }
      const keep = r.projects.map((p) => p.key);
      parts.push(planProjectAuthorizations(live.authorizedProjects ?? [], keep, (key) => live.contexts.get(contextString(projectContext(key)))));
    }
  }
  if (d.sshKeys && (live?.sshKeys || !live)) parts.push(planSshKeys(live?.sshKeys ?? [], { keys: d.sshKeys, prune: Boolean(o.prune) }));

  const all = combine(...parts);
  const plan: AppPlan = {
    name: d.name,
    action: live ? (all.changes.length ? 'update' : 'none') : 'create',
    ...(live ? { app: appSummary(live.app) } : {}),
    changes: all.changes,
    pending,
    notes: all.notes,
    ops: live ? all.ops : createOps(d.name, d.email, all.ops),
  };
  if (!live) {
    // What a new app gets, as additions (from Space's defaults).
    plan.changes = [];
    for (const c of all.changes) {
      const prev = plan.changes[plan.changes.length - 1];
      // A new app's redirect URIs read as one list.
      if (c.path.endsWith('.redirectUris') && c.op === 'add') {
        if (prev?.path === c.path && Array.isArray(prev.to)) prev.to.push(c.to);
        else plan.changes.push({ path: c.path, op: 'add', to: [c.to] });
        continue;
      }
      plan.changes.push(c.op === 'change' ? { path: c.path, op: 'add', to: c.to, ...(c.note ? { note: c.note } : {}) } : c);
    }
    if (d.email !== undefined) plan.changes.unshift({ path: 'email', op: 'add', to: d.email });
  }
  return plan;
}

/** True when apply would write something (blocked prunes are reported, but there is nothing to send). */
export function hasWork(p: AppPlan): boolean {
  return p.action === 'create' || p.ops.length > 0 || Boolean(p.sinks?.writes.length);
}

/** True when the manifest and Space agree: no change at all, not even a blocked prune. */
export function appInSync(p: AppPlan): boolean {
  return p.action !== 'create' && p.changes.length === 0;
}
