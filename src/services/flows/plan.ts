// What `flow enable` / `flow disable` must send: only the fields that change (REFERENCE §4.2), so a re-run
// sends nothing. Pure; the actions do the I/O.
import type { App, UpdateAppBody } from '../../api/types.js';
import { formatRedirectUris, mergeRedirectUris, parseRedirectUris, validateRedirectUri } from '../../domain/redirect-uris.js';
import { UsageError } from '../../errors.js';
import { FLOW_FIELDS, isEnabled, redirectUrisOf, usesRedirectUris, type ConfigurableFlow } from './flows.js';

export interface EnableOptions {
  redirectUris?: string[];
  removeRedirectUris?: string[];
  replaceRedirectUris?: boolean;
  pkce?: boolean;
  allowHttp?: boolean;
}

export interface EnablePlan {
  flow: ConfigurableFlow;
  body: UpdateAppBody;
  wasEnabled: boolean;
  /** The full list after the change (empty for client-credentials). */
  redirectUris: string[];
  added: string[];
  removed: string[];
  /** Asked to be removed but not set (not an error: removal is idempotent). */
  absent: string[];
  pkceRequired?: boolean;
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

/** The PATCH body for enabling `flow` on `app`; `add` must come from checkEnableFlags. */
export function planEnable(app: App, flow: ConfigurableFlow, add: string[], o: EnableOptions): EnablePlan {
  const body: UpdateAppBody = {};
  const fields = FLOW_FIELDS[flow];
  const wasEnabled = isEnabled(app, flow);
  if (!wasEnabled) body[fields.enabled] = true;
  const plan: EnablePlan = { flow, body, wasEnabled, redirectUris: [], added: [], removed: [], absent: [] };

  if (usesRedirectUris(flow)) {
    const merge = mergeRedirectUris(redirectUrisOf(app, flow), { add, remove: o.removeRedirectUris ?? [], replace: Boolean(o.replaceRedirectUris) });
    if (merge.result.length === 0) {
      throw new UsageError(
        merge.removed.length
          ? `removing ${merge.removed.join(', ')} would leave the ${flow} flow without redirect URIs; add one with --redirect-uri, or run \`spacectl flow disable\``
          : `the ${flow} flow needs at least one redirect URI: pass --redirect-uri <uri>`,
      );
    }
    if (!merge.unchanged) body[FLOW_FIELDS[flow as 'authorization-code' | 'implicit'].redirectUris] = formatRedirectUris(merge.result);
    Object.assign(plan, { redirectUris: merge.result, added: merge.added, removed: merge.removed, absent: merge.absent });
  }
  if (flow === 'authorization-code') {
    const current = app.pkceRequired === true;
    if (o.pkce !== undefined && o.pkce !== current) body.pkceRequired = o.pkce;
    plan.pkceRequired = o.pkce ?? current;
  }
  return plan;
}

/** `flow disable`: only the enabled flag. Redirect URIs stay stored, so re-enabling restores them. */
export function planDisable(app: App, flow: ConfigurableFlow): UpdateAppBody {
  const body: UpdateAppBody = {};
  if (isEnabled(app, flow)) body[FLOW_FIELDS[flow].enabled] = false;
  return body;
}

/**
 * Whether what Space stored is the list that was sent. The separator of several redirect URIs is
 * unconfirmed (REFERENCE §4.2), so any stored text that parses to the same URIs counts as a match.
 */
export function storedRedirectUrisMatch(storedRaw: string | null | undefined, expected: string[]): boolean {
  const stored = parseRedirectUris(storedRaw);
  return stored.length === expected.length && expected.every((u) => stored.includes(u));
}
