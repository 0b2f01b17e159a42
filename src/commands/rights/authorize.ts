// `spacectl rights authorize`: the admins' batch tool. Plans (read-only), confirms, then applies one PATCH
// per app and context; continues past failures and reports per app.
import { plural } from '../../domain/text.js';
import type { Context } from '../../api/ids.js';
import { CancelledError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, jsonArrayStream, printJson, printLine, style, success, warn } from '../../io/output.js';
import { activityFor, withSpinner } from '../../io/spinner.js';
import { authorizeApps, batchExitCode, type AppResult, type AppTarget, type AuthorizeOptions, type AuthorizeSummary } from '../../services/rights/authorize.js';
import { ensureProjectsExist } from '../../services/rights/contexts.js';
import { contextsFromFlags, parsePositive, projectKeys, resolveRightInputs } from '../../services/rights/inputs.js';
import { resolveTargets, streamApps } from '../../services/rights/targets.js';
import { progressLine } from '../../io/progress.js';
import { junitReport, reportTarget } from '../../io/junit.js';
import { contextName, junitCase } from './batch-report.js';

export interface RightsAuthorizeFlags {
  app?: string[];
  allApps?: boolean;
  global?: boolean;
  project?: string[];
  right?: string[];
  reject?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  concurrency?: string;
  report?: string[];
  /** An approval policy file decides per right (authorize-policy.ts). */
  policy?: string;
}

export async function rightsAuthorize(flags: RightsAuthorizeFlags, f: Factory): Promise<number> {
  if (flags.policy !== undefined) return (await import('./authorize-policy.js')).authorizeWithPolicy({ ...flags, policy: flags.policy }, f);
  const refs = flags.app ?? [];
  if (!refs.length && !flags.allApps) throw new UsageError('choose the applications: --app <ref> (repeatable) or --all-apps');
  if (refs.length && flags.allApps) throw new UsageError('--app and --all-apps cannot be combined');
  const reportFile = reportTarget(flags.report);
  const concurrency = parsePositive(flags.concurrency, '--concurrency', 8, { integer: true, max: 64 });
  const keys = projectKeys(flags.project);
  const rights = flags.right?.length ? new Set(resolveRightInputs(flags.right).map((r) => r.code)) : undefined;
  const contexts: Context[] | undefined = contextsFromFlags(flags.global, keys);
  const confirm = !flags.yes && !flags.dryRun;
  if (confirm && !f.io.canPrompt()) {
    throw new UsageError('refusing to change rights without --yes when not running interactively', 'Preview with --dry-run, then re-run with --yes.');
  }
  const verb = flags.reject ? 'reject' : 'approve';

  const api = await f.api();
  await ensureProjectsExist(api, keys);
  // Explicit apps are resolved up front (an unknown name fails before any change); --all-apps streams.
  const targets = refs.length ? await resolveTargets(api, refs) : undefined;
  const apps = (): AsyncIterable<AppTarget> | Iterable<AppTarget> => targets ?? streamApps(api);
  const base: Omit<AuthorizeOptions, 'apps'> = { contexts, rights, reject: flags.reject, concurrency };

  if (confirm) {
    const plan = await withSpinner(f.io, 'Reading requested rights', () => authorizeApps(api, { ...base, apps: apps(), dryRun: true }));
    if (plan.approved + plan.rejected === 0) {
      if (f.io.json) printJson(f.io, { summary: summaryJson(plan, false), apps: [] });
      else info(f.io, `Nothing to ${verb}: no matching requested rights in ${plan.apps} ${plan.apps === 1 ? 'application' : 'applications'}.`);
      return plan.failed ? batchExitCode(plan) : ExitCode.Ok;
    }
    info(f.io, planText(plan, verb));
    const ok = await f.prompter.confirm({ message: `${verb === 'approve' ? 'Approve' : 'Reject'} these ${plan.approved + plan.rejected} rights?`, default: false });
    if (!ok) throw new CancelledError(`Cancelled: nothing was ${verb === 'approve' ? 'approved' : 'rejected'}.`);
  }

  // Ctrl+C (the run's signal): stop taking new apps, then say how far we got. A second Ctrl+C quits.
  const progress = progressLine(f.io);
  const resumeActivity = activityFor(f.io).suspend(); // the progress line is this command's spinner
  const onSigint = () => {
    progress.clear();
    warn(f.io, 'Interrupted: stopping (Ctrl+C again to quit at once)…');
  };
  // --json streams each app's record as it completes: memory stays flat however many apps there are.
  const out = f.io.json ? jsonArrayStream(f.io, 'apps') : undefined;
  let done = 0;
  let failed = 0;
  const c = style(f.io);
  const report = reportFile ? junitReport(reportFile, `rights authorize${flags.dryRun ? ' (dry run)' : ''}`) : undefined;
  const plain = style({ ...f.io, colorOut: false });
  f.io.signal.addEventListener('abort', onSigint, { once: true });
  let summary: AuthorizeSummary;
  try {
    summary = await authorizeApps(api, {
      ...base,
      apps: apps(),
      dryRun: flags.dryRun,
      signal: f.io.signal,
      onApp: (r) => {
        done++;
        if (r.status === 'failed') failed++;
        report?.add(junitCase(r, appLine(r, plain, Boolean(flags.dryRun)).replace(/^\S+ /, '')));
        if (out) out.push(r);
        else if (r.status !== 'nothing-to-do' || targets) {
          progress.clear();
          printLine(f.io, appLine(r, c, Boolean(flags.dryRun)));
        }
        progress.update(`${flags.dryRun ? 'Checked' : 'Processed'} ${plural(done, 'application')} (${failed} failed)…`);
      },
    });
  } catch (e) {
    out?.end({ error: { message: e instanceof Error ? e.message : String(e) } });
    throw e;
  } finally {
    f.io.signal.removeEventListener('abort', onSigint);
    resumeActivity();
    progress.clear();
    report?.end();
  }

  if (out) out.end({ summary: summaryJson(summary, Boolean(flags.dryRun)) });
  else printSummary(f, summary, verb, Boolean(flags.dryRun));
  if (summary.listingError) {
    warn(f.io, `Listing the applications failed after ${summary.apps} ${summary.apps === 1 ? 'was' : 'were'} handled: ${summary.listingError}. The others were not reached; re-run to continue (done ones have nothing left to ${verb}).`);
  }
  if (summary.interrupted) {
    warn(f.io, `Stopped after ${summary.apps} ${summary.apps === 1 ? 'application' : 'applications'}; the others were not touched. Re-run to continue (done ones have nothing left to ${verb}).`);
    return ExitCode.Cancelled;
  }
  return batchExitCode(summary, { dryRun: flags.dryRun });
}

function summaryJson(s: AuthorizeSummary, dryRun: boolean) {
  return { apps: s.apps, approved: s.approved, rejected: s.rejected, failed: s.failed, skipped: s.skipped, ...(dryRun ? { dryRun: true } : {}), ...(s.interrupted ? { interrupted: true } : {}), ...(s.listingError ? { listingError: s.listingError } : {}) };
}

function appLine(r: AppResult, c: ReturnType<typeof style>, dryRun: boolean): string {
  const mark = r.status === 'failed' ? c.red('✗') : r.status === 'ok' ? c.green('✓') : c.dim('·');
  const head = `${mark} ${r.app.name} (id:${r.app.id})`;
  if (r.error) return `${head}: ${r.error}`;
  if (r.status === 'nothing-to-do') return `${head}: nothing to do`;
  const parts = r.contexts.map((x) => {
    if (x.error) return `${contextName(x.context)}: ${x.error}`;
    const st = x.rights[0]?.status;
    const what = dryRun ? (st === 'would-reject' ? 'would reject' : 'would approve') : st === 'rejected' ? 'rejected' : 'approved';
    return `${contextName(x.context)}: ${what} ${x.rights.map((y) => y.code).join(', ')}`;
  });
  return `${head}: ${parts.join('; ')}`;
}

function planText(s: AuthorizeSummary, verb: string): string {
  const byContext = Object.entries(s.byContext).map(([k, n]) => `  ${contextName(k)}: ${n}`).join('\n');
  const byRight = Object.entries(s.byRight).sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${k} ×${n}`).join('\n');
  return `Will ${verb} ${plural(s.approved + s.rejected, 'requested right')} in ${plural(s.contexts, 'context')} of ${plural(s.apps - s.skipped - s.failed, 'application')} (${s.apps} checked).\nBy context:\n${byContext}\nBy right:\n${byRight}`;
}

function printSummary(f: Factory, s: AuthorizeSummary, verb: string, dryRun: boolean): void {
  const n = s.approved + s.rejected;
  const did = dryRun ? `Would ${verb}` : verb === 'approve' ? 'Approved' : 'Rejected';
  const line = `${did} ${n} ${n === 1 ? 'right' : 'rights'} in ${s.contexts} ${s.contexts === 1 ? 'context' : 'contexts'} of ${s.apps} ${s.apps === 1 ? 'application' : 'applications'} checked; ${s.failed} failed, ${s.skipped} with nothing to do.`;
  if (s.failed) warn(f.io, line);
  else if (n && !dryRun) success(f.io, line);
  else info(f.io, line);
  for (const [key, count] of Object.entries(s.errors)) {
    const [context = '', code = ''] = key.split(' ');
    if (code === 'permission-denied' && context === 'global') info(f.io, `  ${count}× permission denied in global: approving global rights needs a Space administrator (Superadmin); pass --project <key> to handle only project rights.`);
    else if (code === 'permission-denied') info(f.io, `  ${count}× permission denied in ${contextName(context)}: needs an administrator of that project.`);
    else info(f.io, `  ${count}× ${code} in ${context === 'app' ? 'listing contexts' : contextName(context)}`);
  }
  if (dryRun && n) info(f.io, 'Dry run: nothing was changed. Re-run without --dry-run (and with --yes to skip the question) to apply.');
}
