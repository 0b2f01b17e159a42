// What the plain and the policy paths of `rights authorize` share around the one engine (authorizeApps):
// choosing the apps, and the run itself — progress, Ctrl+C, streamed --json, the JUnit report, a listing that
// fails midway. Each path only says how it decides, renders an app and words its summary.
import type { SpaceClient } from '../../api/client.js';
import type { Context } from '../../api/ids.js';
import { plural } from '../../domain/text.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { jsonArrayStream, printLine, style, warn } from '../../io/output.js';
import { junitReport, reportTarget } from '../../io/junit.js';
import { progressLine } from '../../io/progress.js';
import { activityFor } from '../../io/spinner.js';
import { authorizeApps, batchExitCode, type AppResult, type AppTarget, type AuthorizeOptions, type AuthorizeSummary } from '../../services/rights/authorize.js';
import { ensureProjectsExist } from '../../services/rights/contexts.js';
import { contextsFromFlags, parsePositive, projectKeys, resolveRightInputs } from '../../services/rights/inputs.js';
import { resolveTargets, streamApps } from '../../services/rights/targets.js';
import type { RightsAuthorizeFlags } from './authorize.js';
import { junitCase } from './batch-report.js';

export interface BatchFlags {
  reportFile?: string;
  keys: string[];
  contexts?: Context[];
  rights?: Set<string>;
  concurrency: number;
  /** Ask before changing anything (neither --yes nor --dry-run); already checked that a prompt is possible. */
  confirm: boolean;
}

/** The checks both paths make before reading anything, in one place so their errors read the same. */
export function batchFlags(flags: RightsAuthorizeFlags, f: Factory): BatchFlags {
  const refs = flags.app ?? [];
  if (!refs.length && !flags.allApps) throw new UsageError('choose the applications: --app <ref> (repeatable) or --all-apps');
  if (refs.length && flags.allApps) throw new UsageError('--app and --all-apps cannot be combined');
  const reportFile = reportTarget(flags.report);
  const concurrency = parsePositive(flags.concurrency, '--concurrency', 8, { integer: true, max: 64 });
  const keys = projectKeys(flags.project);
  const rights = flags.right?.length ? new Set(resolveRightInputs(flags.right).map((r) => r.code)) : undefined;
  const confirm = !flags.yes && !flags.dryRun;
  if (confirm && !f.io.canPrompt()) {
    throw new UsageError('refusing to change rights without --yes when not running interactively', 'Preview with --dry-run, then re-run with --yes.');
  }
  return { reportFile, keys, contexts: contextsFromFlags(flags.global, keys), rights, concurrency, confirm };
}

export interface BatchApps {
  /** The --app refs resolved up front (an unknown name fails before any change); undefined with --all-apps. */
  targets?: AppTarget[];
  /** A fresh pass over the apps: the resolved ones, or every app streamed page by page. */
  apps(): AsyncIterable<AppTarget> | Iterable<AppTarget>;
}

export async function batchApps(api: SpaceClient, flags: RightsAuthorizeFlags, b: BatchFlags): Promise<BatchApps> {
  await ensureProjectsExist(api, b.keys);
  const targets = flags.app?.length ? await resolveTargets(api, flags.app) : undefined;
  return { targets, apps: () => targets ?? streamApps(api) };
}

export interface BatchRun {
  /** The engine's options without the per-run parts (apps, dry run, signal, callback). */
  base: Omit<AuthorizeOptions, 'apps' | 'dryRun' | 'signal' | 'onApp'>;
  apps: BatchApps;
  dryRun: boolean;
  reportFile?: string;
  /** JUnit suite name. */
  reportName: string;
  /** "approve", "reject" or "decide": what a re-run would still have left to do. */
  verb: string;
  /** An app's result for a human (first word: its mark); undefined = not printed. */
  render(r: AppResult, c: ReturnType<typeof style>): string | undefined;
  /** Each app's result as it completes (the journal's policy decisions). */
  record?(r: AppResult): void;
  summaryJson(s: AuthorizeSummary): Record<string, unknown>;
  printSummary(s: AuthorizeSummary): void;
}

/** Runs the batch and reports it; returns the exit code. */
export async function runBatch(f: Factory, api: SpaceClient, o: BatchRun): Promise<number> {
  // Ctrl+C (the run's one interrupt signal, owned by main): stop taking new apps, then say how far we got.
  const progress = progressLine(f.io);
  const resumeActivity = activityFor(f.io).suspend(); // the progress line is this command's spinner
  const onSigint = () => {
    progress.clear();
    warn(f.io, 'Interrupted: stopping (Ctrl+C again to quit at once)…');
  };
  // --json streams each app's record as it completes: memory stays flat however many apps there are.
  const out = f.io.json ? jsonArrayStream(f.io, 'apps') : undefined;
  const c = style(f.io);
  const plain = style({ ...f.io, colorOut: false });
  const report = o.reportFile ? junitReport(o.reportFile, `${o.reportName}${o.dryRun ? ' (dry run)' : ''}`) : undefined;
  let done = 0;
  let failed = 0;
  f.io.signal.addEventListener('abort', onSigint, { once: true });
  let summary: AuthorizeSummary;
  try {
    summary = await authorizeApps(api, {
      ...o.base,
      apps: o.apps.apps(),
      dryRun: o.dryRun,
      signal: f.io.signal,
      onApp: (r) => {
        done++;
        if (r.status === 'failed') failed++;
        o.record?.(r);
        report?.add(junitCase(r, (o.render(r, plain) ?? `${r.app.name} (id:${r.app.id}): nothing to do`).replace(/^\S+ /, '')));
        const shown = out ? undefined : o.render(r, c);
        if (out) out.push(r);
        else if (shown !== undefined) {
          progress.clear();
          printLine(f.io, shown);
        }
        progress.update(`${o.dryRun ? 'Checked' : 'Processed'} ${plural(done, 'application')} (${failed} failed)…`);
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

  if (out) {
    out.end({ summary: summaryDoc(summary, o.summaryJson(summary), o.dryRun) });
  } else o.printSummary(summary);
  warnListing(f, summary, o.verb);
  if (summary.interrupted) {
    warn(f.io, `Stopped after ${plural(summary.apps, 'application')}; the others were not touched. Re-run to continue (done ones have nothing left to ${o.verb}).`);
    return ExitCode.Cancelled;
  }
  return batchExitCode(summary, { dryRun: o.dryRun });
}

/** A path's own summary fields plus what every batch summary says: a dry run, an interruption, a failed listing. */
export function summaryDoc(s: AuthorizeSummary, own: Record<string, unknown>, dryRun: boolean): Record<string, unknown> {
  return { ...own, ...(dryRun ? { dryRun: true } : {}), ...(s.interrupted ? { interrupted: true } : {}), ...(s.listingError ? { listingError: s.listingError } : {}) };
}

/** A listing that failed midway is said, never passed off as a complete run (its exit code is 5). */
export function warnListing(f: Factory, s: AuthorizeSummary, verb: string): void {
  if (!s.listingError) return;
  warn(f.io, `Listing the applications failed after ${s.apps} ${s.apps === 1 ? 'was' : 'were'} handled: ${s.listingError}. The others were not reached; re-run to continue (done ones have nothing left to ${verb}).`);
}
