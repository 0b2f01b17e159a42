// The flows planner: what turns an app's flows into the intended ones, sending only the fields that change
// (Space HTTP API), so a re-run sends nothing. Used by `flow enable/disable` and by the manifest. Pure.
import type { App, UpdateAppBody } from '../../api/types.js';
import { formatRedirectUris, mergeRedirectUris, parseRedirectUris, validateRedirectUri } from '../../domain/redirect-uris.js';
import { DomainError } from '../../domain/errors.js';
import { UsageError } from '../../errors.js';
import type { Planned } from '../ops.js';
import { FLOW_FIELDS, isEnabled, redirectUrisOf, usesRedirectUris, type ConfigurableFlow } from './flows.js';

export interface EnableOptions {
  redirectUris?: string[];
  removeRedirectUris?: string[];
  replaceRedirectUris?: boolean;
  pkce?: boolean;
  allowHttp?: boolean;
}

/** Flag checks that need no server: run before anything is fetched. Returns the validated URIs to add. */
export function checkEnableFlags(flow: ConfigurableFlow, o: EnableOptions): string[] {
  const add = o.redirectUris ?? [];
  const remove = o.removeRedirectUris ?? [];
  if (!usesRedirectUris(flow)) {
    const bad = [add.length && '--redirect-uri', remove.length && '--remove-redirect-uri', o.replaceRedirectUris && '--replace-redirect-uris'].filter(Boolean);
    if (bad.length) throw new UsageError(`${bad.join(', ')} ${bad.length > 1 ? 'apply' : 'applies'} only to the authorization-code and implicit flows, not ${flow}`);
  }
  if (o.pkce !== undefined && flow !== 'authorization-code') {
    throw new UsageError(`--${o.pkce ? '' : 'no-'}pkce applies only to the authorization-code flow, not ${flow}`);
  }
  if (o.replaceRedirectUris && add.length === 0) {
    throw new UsageError('--replace-redirect-uris needs the new list: give at least one --redirect-uri');
  }
  return add.map((u) => validateRedirectUri(u, { allowHttp: Boolean(o.allowHttp) }));
}

/** What should become of one flow; a field left out is left as it is. */
export interface FlowIntent {
  enabled?: boolean;
  /** `replace`: the list becomes exactly `add` (order alone is no change). */
  redirectUris?: { add?: string[]; remove?: string[]; replace?: boolean };
  pkce?: boolean;
}

export interface FlowPlan extends Planned {
  flow: ConfigurableFlow;
  /** The PATCH fields (also the single `update-app` op). */
  body: UpdateAppBody;
  wasEnabled: boolean;
  enabled: boolean;
  /** The full list after the change (empty for client-credentials). */
  redirectUris: string[];
  added: string[];
  removed: string[];
  /** Asked to be removed but not set (not an error: removal is idempotent). */
  absent: string[];
  pkceRequired?: boolean;
}

/** Manifest path of each flow's settings (also the words of `changes`). */
export const FLOW_PATHS: Record<ConfigurableFlow, string> = {
  'client-credentials': 'flows.clientCredentials',
  'authorization-code': 'flows.authorizationCode',
  implicit: 'flows.implicit',
};

/** The one planner of a flow, for `flow enable/disable` and the manifest alike: only the fields that change. */
export function planFlow(app: App, flow: ConfigurableFlow, intent: FlowIntent): FlowPlan {
  const body: UpdateAppBody = {};
  const fields = FLOW_FIELDS[flow];
  const base = FLOW_PATHS[flow];
  const wasEnabled = isEnabled(app, flow);
  const enabled = intent.enabled ?? wasEnabled;
  const plan: FlowPlan = { flow, body, wasEnabled, enabled, redirectUris: [], added: [], removed: [], absent: [], ops: [], changes: [], notes: [] };
  if (enabled !== wasEnabled) {
    body[fields.enabled] = enabled;
    plan.changes.push({ path: flow === 'client-credentials' ? base : `${base}.enabled`, op: 'change', from: wasEnabled, to: enabled });
  }

  if (usesRedirectUris(flow)) {
    const current = redirectUrisOf(app, flow);
    const r = intent.redirectUris ?? {};
    const merge = mergeRedirectUris(current, { add: r.add ?? [], remove: r.remove ?? [], replace: Boolean(r.replace) });
    // Space keeps the URIs as a set: the same URIs in another order are not a change.
    const changed = merge.added.length > 0 || merge.removed.length > 0;
    const result = changed ? merge.result : current;
    if (enabled && result.length === 0 && (changed || enabled !== wasEnabled)) {
      throw new DomainError(merge.removed.length
        ? `removing ${merge.removed.join(', ')} would leave the ${flow} flow without redirect URIs; add another one (--redirect-uri), or disable the flow (\`spacectl flow disable\`)`
        : `the ${flow} flow needs at least one redirect URI: pass --redirect-uri <uri> (in a manifest: redirectUris)`);
    }
    if (changed) {
      body[FLOW_FIELDS[flow as 'authorization-code' | 'implicit'].redirectUris] = formatRedirectUris(result);
      for (const u of merge.added) plan.changes.push({ path: `${base}.redirectUris`, op: 'add', to: u });
      for (const u of merge.removed) plan.changes.push({ path: `${base}.redirectUris`, op: 'remove', from: u });
    }
    Object.assign(plan, { redirectUris: result, added: merge.added, removed: merge.removed, absent: merge.absent });
  }
  if (flow === 'authorization-code') {
    const current = app.pkceRequired === true;
    if (intent.pkce !== undefined && intent.pkce !== current) {
      body.pkceRequired = intent.pkce;
      plan.changes.push({ path: `${base}.pkce`, op: 'change', from: current, to: intent.pkce });
    }
    plan.pkceRequired = intent.pkce ?? current;
  }
  if (Object.keys(body).length) plan.ops.push({ op: 'update-app', body });
  return plan;
}

/** `flow enable`'s intent; `add` must come from checkEnableFlags. */
export const enableIntent = (add: string[], o: EnableOptions): FlowIntent => ({
  enabled: true,
  redirectUris: { add, remove: o.removeRedirectUris ?? [], replace: Boolean(o.replaceRedirectUris) },
  ...(o.pkce !== undefined ? { pkce: o.pkce } : {}),
});

/** `flow disable`: only the enabled flag. Redirect URIs stay stored, so re-enabling restores them. */
export const disableIntent = (): FlowIntent => ({ enabled: false });

/**
 * Whether what Space stored is the list that was sent. The separator of several redirect URIs is
 * unconfirmed (Space HTTP API), so any stored text that parses to the same URIs counts as a match.
 */
export function storedRedirectUrisMatch(storedRaw: string | null | undefined, expected: string[]): boolean {
  const stored = parseRedirectUris(storedRaw);
  return stored.length === expected.length && expected.every((u) => stored.includes(u));
}
