// The admins' batch authorizer (Space HTTP API). Per app: at most one authorized-contexts GET, one
// authorized-rights GET per selected context, and ONE PATCH per context that has matching REQUESTED rights,
// carrying all of its updates; an app's contexts are handled concurrently. Apps run through a bounded pool fed by a stream, so memory stays flat
// whatever the number of apps; per-app results go to a callback and are not kept here.
import type { SpaceClient } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { appId, contextString, type AppIdentifier, type Context } from '../../api/ids.js';
import { getAuthorizedRights, updateAuthorizedRights } from '../../api/rights.js';
import type { Right } from '../../api/types.js';
import { ExitCode } from '../../errors.js';
import { appSummary, type AppSummary } from '../apps/ref.js';
import { appContexts } from './contexts.js';
import { forEachBounded } from './pool.js';

/** An app as batch commands carry it, and as every --json document names it (`appSummary`). */
export type AppTarget = AppSummary;

export interface AuthorizeOptions {
  apps: AsyncIterable<AppTarget> | Iterable<AppTarget>;
  /** Contexts to look at; undefined = every context each app is authorized in (GET authorized-contexts). */
  contexts?: Context[];
  /** Only these right codes; undefined = every REQUESTED right. */
  rights?: ReadonlySet<string>;
  /** REJECTED instead of GRANTED. */
  reject?: boolean;
  /**
   * Per-right decision instead of `reject` (approval policies): a status and the rule that chose it, or
   * undefined to leave the right pending. Called for REQUESTED rights that pass the `rights` filter.
   */
  decide?: Decide;
  /** Read only: report what would be sent. */
  dryRun?: boolean;
  /** Apps in flight at once (default 8). */
  concurrency?: number;
  /** Once aborted no new app is started; apps in flight finish. */
  signal?: AbortSignal;
  /** Each app's result as soon as it is done (completion order). */
  onApp?: (r: AppResult) => void;
}

export type Decide = (app: AppTarget, context: string, right: Right) => { status: 'GRANTED' | 'REJECTED'; rule?: number } | undefined;
/** `pending`: no decision (a policy without a matching rule); the right was left as it was. */
export type RightOutcome = 'granted' | 'rejected' | 'would-grant' | 'would-reject' | 'failed' | 'pending';
export interface RightResult { code: string; status: RightOutcome; rule?: number }
export interface ContextResult { context: string; rights: RightResult[]; error?: string; errorCode?: string }
export interface AppResult {
  app: AppTarget;
  status: 'ok' | 'failed' | 'nothing-to-do';
  /** Contexts with matching requests or a failure (contexts with nothing to do are left out). */
  contexts: ContextResult[];
  /** When the app's contexts could not even be listed. */
  error?: string;
  errorCode?: string;
}

export interface AuthorizeSummary {
  /** Apps processed. */
  apps: number;
  /** Rights granted (in a dry run: that would be). */
  approved: number;
  /** Rights rejected (in a dry run: that would be). */
  rejected: number;
  /** Requested rights left pending because `decide` had no answer, and those per right code. */
  unmatched: number;
  unmatchedByRight: Record<string, number>;
  /** Apps with at least one failure. */
  failed: number;
  /** Apps with nothing to do. */
  skipped: number;
  /** App contexts with updates: the PATCHes sent (or that a dry run would send). */
  contexts: number;
  /** Rights per context string, and per right code (bounded by projects and the catalog). */
  byContext: Record<string, number>;
  byRight: Record<string, number>;
  /** Failed contexts by "<context> <error code>" (bounded), e.g. "global permission-denied": 12. */
  errors: Record<string, number>;
  /** True when there were failures and every one of them was permission-denied. */
  onlyPermissionErrors: boolean;
  /** Stopped early through the signal. */
  interrupted: boolean;
  /** The listing of applications failed partway (after retries): the apps listed before it were processed. */
  listingError?: string;
}

/** Per app, on top of the app-level pool. */
const CONTEXTS_AT_ONCE = 4;

const errorCodeOf = (e: unknown): string => (e instanceof ApiError ? e.code : 'error');
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function authorizeApps(api: SpaceClient, o: AuthorizeOptions): Promise<AuthorizeSummary> {
  const s: AuthorizeSummary = { apps: 0, approved: 0, rejected: 0, unmatched: 0, unmatchedByRight: {}, failed: 0, skipped: 0, contexts: 0, byContext: {}, byRight: {}, errors: {}, onlyPermissionErrors: true, interrupted: false };
  const noteError = (context: string, code: string) => {
    const k = `${context} ${code}`;
    s.errors[k] = (s.errors[k] ?? 0) + 1;
    if (code !== 'permission-denied') s.onlyPermissionErrors = false;
  };

  // A listing page that fails for good ends the batch, not the run: what was listed is done and summarised.
  let listingFailure: { error: unknown } | undefined;
  async function* listed(): AsyncGenerator<AppTarget> {
    try {
      yield* o.apps;
    } catch (error) {
      listingFailure = { error };
    }
  }
  await forEachBounded(listed(), { concurrency: o.concurrency ?? 8, signal: o.signal }, async (app) => {
    const r = await authorizeOneApp(api, app, o);
    s.apps++;
    if (r.status === 'failed') s.failed++;
    if (r.status === 'nothing-to-do') s.skipped++;
    if (r.error) noteError('app', r.errorCode ?? 'error');
    for (const c of r.contexts) {
      if (c.error) noteError(c.context, c.errorCode ?? 'error');
      for (const x of c.rights) {
        if (x.status !== 'pending') continue;
        s.unmatched++;
        s.unmatchedByRight[x.code] = (s.unmatchedByRight[x.code] ?? 0) + 1;
      }
      const done = c.rights.filter((x) => x.status !== 'failed' && x.status !== 'pending');
      if (done.length) s.contexts++;
      for (const x of done) {
        if (x.status === 'granted' || x.status === 'would-grant') s.approved++;
        else s.rejected++;
        s.byContext[c.context] = (s.byContext[c.context] ?? 0) + 1;
        s.byRight[x.code] = (s.byRight[x.code] ?? 0) + 1;
      }
    }
    o.onApp?.(r);
  });
  s.interrupted = Boolean(o.signal?.aborted);
  if (listingFailure) {
    if (s.apps === 0) throw listingFailure.error; // nothing listed: a plain failure, no batch to summarise
    s.listingError = messageOf(listingFailure.error);
    s.onlyPermissionErrors = false;
  }
  if (s.failed === 0 && !s.listingError) s.onlyPermissionErrors = false;
  return s;
}

/** One app: its contexts, then per context its requested rights and one PATCH. Never throws. */
export async function authorizeOneApp(api: SpaceClient, app: AppTarget, o: Pick<AuthorizeOptions, 'contexts' | 'rights' | 'reject' | 'decide' | 'dryRun'>): Promise<AppResult> {
  const id = appId(app.id);
  let contexts = o.contexts;
  if (!contexts) {
    try {
      contexts = (await appContexts(api, id)).contexts;
    } catch (e) {
      return { app: appSummary(app), status: 'failed', contexts: [], error: messageOf(e), errorCode: errorCodeOf(e) };
    }
  }
  // Contexts are independent: handle a few at once, so an app in global and one project costs 3 round trips,
  // not 5, while an app in fifty projects still keeps the number of requests in flight bounded.
  const settled: Array<ContextResult | undefined> = new Array(contexts.length);
  await forEachBounded(contexts.entries(), { concurrency: CONTEXTS_AT_ONCE }, async ([i, ctx]) => {
    settled[i] = await authorizeInContext(api, id, ctx, o, o.decide && ((context, right) => o.decide!(app, context, right)));
  });
  const results = settled.filter((r): r is ContextResult => r !== undefined);
  const failed = results.some((c) => c.error);
  const acted = results.some((c) => c.rights.some((x) => x.status !== 'pending'));
  return { app: appSummary(app), status: failed ? 'failed' : acted ? 'ok' : 'nothing-to-do', contexts: results };
}

/** One app in one context: list its rights, then one PATCH with every matching update. Undefined: nothing to do. */
async function authorizeInContext(
  api: SpaceClient, id: AppIdentifier, ctx: Context, o: Pick<AuthorizeOptions, 'rights' | 'reject' | 'dryRun'>,
  decide?: (context: string, right: Right) => ReturnType<Decide>,
): Promise<ContextResult | undefined> {
  const context = contextString(ctx);
  let rights: Right[];
  try {
    rights = await getAuthorizedRights(api, id, ctx);
  } catch (e) {
    return { context, rights: [], error: messageOf(e), errorCode: errorCodeOf(e) };
  }
  const pending = rights.filter((r) => r.status === 'REQUESTED' && (!o.rights || o.rights.has(r.code)));
  if (!pending.length) return undefined;
  const fixed: ReturnType<Decide> = { status: o.reject ? 'REJECTED' : 'GRANTED' };
  const decided = pending.map((r) => ({ code: r.code, d: decide ? decide(context, r) : fixed }));
  const updates = decided.flatMap((x) => (x.d ? [{ code: x.code, status: x.d.status, rule: x.d.rule }] : []));
  const left: RightResult[] = decided.filter((x) => !x.d).map((x) => ({ code: x.code, status: 'pending' }));
  const result = (status: (u: (typeof updates)[number]) => RightOutcome): RightResult[] =>
    [...updates.map((u) => ({ code: u.code, status: status(u), ...(u.rule !== undefined ? { rule: u.rule } : {}) })), ...left];
  if (o.dryRun || !updates.length) return { context, rights: result((u) => (u.status === 'REJECTED' ? 'would-reject' : 'would-grant')) };
  try {
    await updateAuthorizedRights(api, id, ctx, updates.map((u) => ({ code: u.code, status: u.status })));
    return { context, rights: result((u) => (u.status === 'REJECTED' ? 'rejected' : 'granted')) };
  } catch (e) {
    return { context, rights: result(() => 'failed'), error: messageOf(e), errorCode: errorCodeOf(e) };
  }
}

/**
 * Exit-code policy of a batch: 0 all fine; 4 nothing done and every failure a permission error; 5 otherwise.
 * A dry run that found rights to decide exits 3, as `plan` and every other --dry-run do.
 */
export function batchExitCode(s: AuthorizeSummary, o: { dryRun?: boolean } = {}): number {
  if (s.listingError) return ExitCode.Partial;
  if (s.failed === 0) return o.dryRun && s.approved + s.rejected > 0 ? ExitCode.ChangesPending : ExitCode.Ok;
  const nothingDone = s.approved + s.rejected === 0 && s.failed === s.apps;
  return nothingDone && s.onlyPermissionErrors ? ExitCode.Auth : ExitCode.Partial;
}
