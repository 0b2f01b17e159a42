// Applying a plan: its operations in order (create, or one PATCH; required rights; requests per context, global
// first; prunes; SSH keys), each sent by the services' executor, each step logged so a failure says what was done.
import type { SpaceClient } from '../api/client.js';
import { isApiError } from '../api/errors.js';
import { appId, contextLabel, contextString, parseContext, type AppIdentifier } from '../api/ids.js';
import { CliError, exitCodeFor } from '../errors.js';
import { executeOp, unconfirmedChanges, type ApiOp } from '../services/ops.js';
import { changeLine } from './render.js';
import { listAppRights } from '../services/rights/list.js';
import { diffApp, type AppPlan, type PendingRight } from './diff.js';
import { readLiveApp } from './live.js';
import { deliverSecret } from '../services/secrets/deliver.js';
import { SECRET_LABEL } from '../services/secrets/sinks.js';
import type { DesiredApp } from './types.js';
import { appSummary, type AppSummary } from '../services/apps/ref.js';

export interface ApplyHooks {
  /** A step that changed something in Space (or wrote a secret file). */
  step(message: string): void;
  warn(message: string): void;
}

export interface AppApplyResult {
  /** The app as every --json document names it; for an app being created, filled in once it exists. */
  app: AppSummary;
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
    hint = 'Fix the cause and run `spacectl apply` again: it reads the live state and continues where this run stopped.',
  ) {
    super(
      `apply failed while ${failedAt}: ${(original as Error).message ?? String(original)}\n${done.length ? `Already done:\n${done.map((d) => `  - ${d}`).join('\n')}` : 'Nothing was changed.'}`,
      exitCodeFor(original),
      hint,
    );
  }
}

export interface ApplyOptions { prune?: boolean; hooks: ApplyHooks; done: string[] }


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

  let id: AppIdentifier | undefined = plan.app ? appId(plan.app.id) : undefined;
  const result: AppApplyResult = { app: plan.app ?? { id: '', name: desired.name, clientId: '' }, created: false, secretsWrittenTo: [], pending: [], skipped: [] };
  const name = desired.name;
  let ops = plan.ops;

  const first = ops[0];
  if (first?.op === 'create-app') {
    ops = ops.slice(1);
    try {
      const app = (await executeOp(api, undefined, first))!;
      id = appId(app.id);
      result.app = appSummary(app);
      result.created = true;
      o.done.push(`created app ${name} (id:${app.id})`);
      o.hooks.step(`Created app ${name} (id:${app.id})`);
    } catch (e) {
      if (!isApiError(e, 'duplicated-entity')) throw new ApplyError(`creating app ${name}`, e, o.done);
      // Another run (or an earlier, interrupted one) created it: converge on it as an update.
      const live = await step(`re-reading app ${name}`, () => readLiveApp(api, desired, { prune: o.prune }));
      if (!live) throw new ApplyError(`creating app ${name}`, new CliError(`the name "${name}" is taken, but no visible application has it (an archived one?)`), o.done);
      // The confirmed plan was a create: it showed additions only, so a removal now (--prune of what the other
      // run put there) was never shown and is not made. Its secret sinks still get this app's secrets.
      const fresh = diffApp(desired, live, { prune: o.prune });
      const removals = fresh.changes.filter((c) => c.op === 'remove' && !c.blocked);
      if (removals.length) {
        throw new ApplyError(`creating app ${name}`, new CliError(`${name} was created by someone else after the plan was shown, and --prune would now remove what the plan did not show (${removals.map(changeLine).join('; ')}); nothing more was sent for it`),
          o.done, 'Run `spacectl plan --prune` to see the new difference, then apply again.');
      }
      o.hooks.warn(`App ${name} already exists (id:${live.app.id}); updating it instead.`);
      plan = { ...fresh, sinks: plan.sinks };
      ops = plan.ops;
      id = live.id;
      result.app = appSummary(live.app);
    }
  } else if (ops.length) {
    // The plan was read before the confirmation (which can wait for minutes): read the app again and send what
    // is needed now, so a redirect URI or key added meanwhile is not overwritten with the old list. A difference
    // the plan did not show (someone else's edit) stops this app instead of being overwritten blindly.
    const confirmed = plan;
    const live = await step(`reading app ${name} again before writing`, () => readLiveApp(api, desired, { prune: o.prune }));
    const fresh = live?.app.id === confirmed.app?.id ? diffApp(desired, live, { prune: o.prune }) : undefined;
    const unconfirmed = fresh ? unconfirmedChanges(confirmed.changes, fresh.changes) : [];
    if (!fresh || unconfirmed.length) {
      const what = !live ? 'it was deleted' : !fresh ? `it is now another application (id:${live.app.id})` : unconfirmed.map(changeLine).join('; ');
      throw new ApplyError(`checking ${name} again before writing`, new CliError(`${name} changed in Space after the plan was shown (${what}); nothing was sent for it`),
        o.done, 'Run `spacectl plan` to see the new difference, then apply again.');
    }
    plan = { ...fresh, sinks: confirmed.sinks, changes: [...fresh.changes, ...(confirmed.sinks?.changes ?? [])] };
    ops = plan.ops;
  }
  const app = id!;
  // Sinks first: a secret is delivered as soon as the app exists, and a re-run delivers what a stopped run did not.
  await saveSecrets(api, desired, app, plan, result, o, step);
  for (const op of ops) {
    const t = opText(op, name);
    await step(t.doing, () => executeOp(api, app, op), t.done);
  }
  result.skipped = plan.changes.filter((c) => c.blocked).map((c) => `${c.path}: ${String(c.from)} (${c.note ?? 'cannot be removed'})`);
  result.pending = await step(`reading the rights of ${name}`, () => pendingAfter(api, app, desired, plan));
  return result;
}

/** What an operation is doing (for a failure) and did (for the log), in words. */
function opText(op: ApiOp, name: string): { doing: string; done: string } {
  switch (op.op) {
    case 'create-app': return { doing: `creating app ${name}`, done: `created app ${name}` };
    case 'update-app': return { doing: `updating app ${name}`, done: `updated ${name}: ${Object.keys(op.body).join(', ')}` };
    case 'update-required-rights':
      return { doing: `updating the required rights of ${name}`, done: `required rights of ${name}: ${[...op.add.map((c) => `+${c}`), ...op.remove.map((c) => `-${c}`)].join(' ')}` };
    case 'request-rights':
      return { doing: `requesting rights for ${name} in ${contextLabel(op.context)}`, done: `requested ${op.codes.join(', ')} for ${name} in ${contextLabel(op.context)}` };
    case 'set-rights':
      return { doing: `withdrawing rights of ${name} in ${contextLabel(op.context)}`, done: `withdrew ${op.updates.map((u) => u.code).join(', ')} from ${name} in ${contextLabel(op.context)}` };
    case 'remove-authorization':
      return { doing: `removing the authorization of ${name} in ${contextLabel(op.context)}`, done: `removed the authorization of ${name} in ${contextLabel(op.context)}` };
    case 'add-ssh-key': return { doing: `adding SSH key ${op.label} to ${name}`, done: `added SSH key ${op.label} to ${name}` };
    case 'delete-ssh-key': return { doing: `deleting SSH key ${op.label} of ${name}`, done: `deleted SSH key ${op.label} of ${name}` };
    case 'delete-app': return { doing: `deleting app ${name}`, done: `deleted app ${name}` };
    case 'regenerate-secret': return { doing: `rotating the ${op.kind} of ${name}`, done: `rotated the ${op.kind} of ${name}` };
  }
}

async function saveSecrets(api: SpaceClient, desired: DesiredApp, id: AppIdentifier, plan: AppPlan, result: AppApplyResult, o: ApplyOptions,
  step: <T>(what: string, fn: () => Promise<T>, done?: string) => Promise<T>): Promise<void> {
  for (const w of plan.sinks?.writes ?? []) {
    await step(`saving the ${SECRET_LABEL[w.kind]} of ${desired.name} to ${w.sink.shown}`, () => deliverSecret(api, id, w.kind, w.sink, w.where),
      `wrote the ${SECRET_LABEL[w.kind]} of ${desired.name} to ${w.sink.shown} (mode 0600)`);
    result.secretsWrittenTo.push(w.sink.shown);
  }
  if (result.created && !desired.secrets.clientSecret) {
    o.hooks.warn(`The client secret of ${desired.name} was not saved (the manifest has no secrets.clientSecret); get it with: spacectl app secret --app id:${result.app.id} --secret-file <path>`);
  }
}

/** Rights of the manifest still REQUESTED after the apply, in the contexts that were requested in or were pending. */
async function pendingAfter(api: SpaceClient, app: AppIdentifier, desired: DesiredApp, plan: AppPlan): Promise<PendingRight[]> {
  if (!desired.rights) return [];
  const requested = plan.ops.flatMap((op) => (op.op === 'request-rights' ? [contextString(op.context)] : []));
  const contexts = [...new Set([...requested, ...plan.pending.map((p) => p.context)])].map(parseContext);
  const want = new Map<string, string[]>([['global', desired.rights.global ?? []], ...(desired.rights.projects ?? []).map((p) => [`project:key:${p.key}`, p.rights] as [string, string[]])]);
  const out: PendingRight[] = [];
  for (const { context, rights } of await listAppRights(api, app, contexts)) {
    const ctx = contextString(context);
    for (const r of rights) if (r.status === 'REQUESTED' && want.get(ctx)?.includes(r.code)) out.push({ context: ctx, right: r.code });
  }
  return out;
}
