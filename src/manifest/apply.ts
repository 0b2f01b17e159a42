// Applying plans, in the order Space needs: create (flows + endpoint in the one POST) or one PATCH, then
// required rights, rights requests per context (global, then projects), prunes, then SSH keys.
import { createApp, getAppSecret, updateApp } from '../api/apps.js';
import type { SpaceClient } from '../api/client.js';
import { isApiError } from '../api/errors.js';
import { appId, contextLabel, contextString, parseContext, type AppIdentifier } from '../api/ids.js';
import { addSshKey, deleteSshKey } from '../api/misc.js';
import { getAuthorizedRights, removeAuthorization, requestRights, updateAuthorizedRights, updateRequiredRights } from '../api/rights.js';
import { CliError, exitCodeFor } from '../errors.js';
import { diffApp, type AppPlan, type PendingRight } from './diff.js';
import { readLiveApp } from './live.js';
import { writeSink } from './secrets.js';
import type { DesiredApp } from './types.js';

export interface ApplyHooks {
  /** A step that changed something in Space (or wrote a secret file). */
  step(message: string): void;
  warn(message: string): void;
}

export interface AppApplyResult {
  name: string;
  id: string;
  created: boolean;
  /** Where the new app's secrets were written (paths as written in the manifest). */
  secretsWrittenTo: string[];
  /** Manifest rights still waiting for an administrator after the apply. */
  pending: PendingRight[];
  /** --prune removals that need other credentials. */
  skipped: string[];
}

/** An apply that failed midway: which steps were already done is part of the message. */
export class ApplyError extends CliError {
  constructor(
    readonly failedAt: string,
    readonly original: unknown,
    readonly done: string[],
  ) {
    super(
      `apply failed while ${failedAt}: ${(original as Error).message ?? String(original)}\n${done.length ? `Already done:\n${done.map((d) => `  - ${d}`).join('\n')}` : 'Nothing was changed.'}`,
      exitCodeFor(original),
      'Fix the cause and run `spacectl apply` again: it reads the live state and continues where this run stopped.',
    );
  }
}

export interface ApplyOptions { prune?: boolean; hooks: ApplyHooks; done: string[] }

const SECRET_KIND = { clientSecret: 'client-secret', signingKey: 'signing-key' } as const;
const SECRET_LABEL = { clientSecret: 'client secret', signingKey: 'signing key' } as const;

export async function applyApp(api: SpaceClient, desired: DesiredApp, plan: AppPlan, o: ApplyOptions): Promise<AppApplyResult> {
  const step = async <T>(what: string, fn: () => Promise<T>, done?: string): Promise<T> => {
    let r: T;
    try {
      r = await fn();
    } catch (e) {
      throw e instanceof ApplyError ? e : new ApplyError(what, e, o.done);
    }
    if (done) {
      o.done.push(done);
      o.hooks.step(done);
    }
    return r;
  };

  let id: AppIdentifier | undefined = plan.appId ? appId(plan.appId) : undefined;
  const result: AppApplyResult = { name: desired.name, id: plan.appId ?? '', created: false, secretsWrittenTo: [], pending: [], skipped: [] };

  if (plan.ops.create) {
    try {
      const app = await createApp(api, plan.ops.create);
      id = appId(app.id);
      result.id = app.id;
      result.created = true;
      o.done.push(`created app ${desired.name} (id:${app.id})`);
      o.hooks.step(`Created app ${desired.name} (id:${app.id})`);
    } catch (e) {
      if (!isApiError(e, 'duplicated-entity')) throw new ApplyError(`creating app ${desired.name}`, e, o.done);
      // Another run (or an earlier, interrupted one) created it: converge on it as an update.
      const live = await step(`re-reading app ${desired.name}`, () => readLiveApp(api, desired, { prune: o.prune }));
      if (!live) throw new ApplyError(`creating app ${desired.name}`, new CliError(`the name "${desired.name}" is taken, but no visible application has it (an archived one?)`), o.done);
      o.hooks.warn(`App ${desired.name} already exists (id:${live.app.id}); updating it instead.`);
      plan = diffApp(desired, live, { prune: o.prune });
      id = live.id;
      result.id = live.app.id;
    }
    if (result.created) await saveSecrets(api, desired, id!, result, o, step);
  }
  const app = id!;
  const name = desired.name;

  if (plan.ops.patch) {
    const fields = Object.keys(plan.ops.patch).join(', ');
    await step(`updating app ${name}`, () => updateApp(api, app, plan.ops.patch!), `updated ${name}: ${fields}`);
  }
  const req = plan.ops.required;
  if (req.add.length || req.remove.length) {
    await step(`updating the required rights of ${name}`, () => updateRequiredRights(api, app, { add: req.add, remove: req.remove }),
      `required rights of ${name}: ${[...req.add.map((c) => `+${c}`), ...req.remove.map((c) => `-${c}`)].join(' ')}`);
  }
  for (const r of plan.ops.requests) {
    await step(`requesting rights for ${name} in ${contextLabel(r.context)}`, () => requestRights(api, app, r.context, r.codes),
      `requested ${r.codes.join(', ')} for ${name} in ${contextLabel(r.context)}`);
  }
  for (const w of plan.ops.withdraw) {
    await step(`withdrawing rights of ${name} in ${contextLabel(w.context)}`, () => updateAuthorizedRights(api, app, w.context, w.codes.map((code) => ({ code, status: 'NONE' as const }))),
      `withdrew ${w.codes.join(', ')} from ${name} in ${contextLabel(w.context)}`);
  }
  for (const c of plan.ops.removeContexts) {
    await step(`removing the authorization of ${name} in ${contextLabel(c)}`, () => removeAuthorization(api, app, c), `removed the authorization of ${name} in ${contextLabel(c)}`);
  }
  for (const k of plan.ops.addKeys) {
    await step(`adding SSH key ${k.sha256} to ${name}`, async () => {
      try {
        await addSshKey(api, app, k.publicKey, k.comment);
      } catch (e) {
        if (!isApiError(e, 'duplicated-entity')) throw e; // added by an interrupted run: already there
      }
    }, `added SSH key ${k.sha256} to ${name}`);
  }
  for (const k of plan.ops.deleteKeys) {
    await step(`deleting SSH key ${k.label} of ${name}`, async () => {
      try {
        await deleteSshKey(api, app, k.fingerprint);
      } catch (e) {
        if (!isApiError(e, 'not-found')) throw e;
      }
    }, `deleted SSH key ${k.label} of ${name}`);
  }
  result.skipped = plan.changes.filter((c) => c.blocked).map((c) => `${c.path}: ${String(c.from)} (${c.note ?? 'cannot be removed'})`);
  result.pending = await step(`reading the rights of ${name}`, () => pendingAfter(api, app, desired, plan));
  return result;
}

async function saveSecrets(api: SpaceClient, desired: DesiredApp, id: AppIdentifier, result: AppApplyResult, o: ApplyOptions,
  step: <T>(what: string, fn: () => Promise<T>, done?: string) => Promise<T>): Promise<void> {
  for (const kind of ['clientSecret', 'signingKey'] as const) {
    const sink = desired.secrets[kind];
    if (!sink) continue;
    await step(`saving the ${SECRET_LABEL[kind]} of ${desired.name}`, async () => {
      const secret = await getAppSecret(api, id, SECRET_KIND[kind]);
      if (!secret) throw new CliError(`Space returned no ${SECRET_LABEL[kind]}`);
      writeSink(sink, secret, `apps[${desired.index}].secrets.${kind}`);
    }, `wrote the ${SECRET_LABEL[kind]} of ${desired.name} to ${sink.shown} (mode 0600)`);
    result.secretsWrittenTo.push(sink.shown);
  }
  if (!desired.secrets.clientSecret) {
    o.hooks.warn(`The client secret of ${desired.name} was not saved (the manifest has no secrets.clientSecret); get it with: spacectl app secret --app id:${result.id} --secret-file <path>`);
  }
}

/** Rights of the manifest still REQUESTED after the apply, in the contexts that were requested in or were pending. */
async function pendingAfter(api: SpaceClient, app: AppIdentifier, desired: DesiredApp, plan: AppPlan): Promise<PendingRight[]> {
  if (!desired.rights) return [];
  const contexts = new Set([...plan.ops.requests.map((r) => contextString(r.context)), ...plan.pending.map((p) => p.context)]);
  const want = new Map<string, string[]>([['global', desired.rights.global], ...desired.rights.projects.map((p) => [`project:key:${p.key}`, p.rights] as [string, string[]])]);
  const out: PendingRight[] = [];
  for (const ctx of contexts) {
    const rights = await getAuthorizedRights(api, app, parseContext(ctx));
    for (const r of rights) if (r.status === 'REQUESTED' && want.get(ctx)?.includes(r.code)) out.push({ context: ctx, right: r.code });
  }
  return out;
}
