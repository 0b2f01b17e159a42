// `spacectl rights authorize --policy FILE`: the batch authorizer with a per-right decision from an approval
// policy (first matching rule wins; no match = left pending). Same engine as plain `rights authorize`: one
// PATCH per app and context, bounded pool, streamed --json, exit 5 on partial failure.
import { plural } from '../../domain/text.js';
import { CancelledError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, jsonArrayStream, printLine, style, success, warn } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { authorizeApps, batchExitCode, type AppResult, type AuthorizeOptions, type AuthorizeSummary, type Decide, type RightOutcome } from '../../services/rights/authorize.js';
import { ensureProjectsExist } from '../../services/rights/contexts.js';
import { contextsFromFlags, parsePositive, projectKeys, resolveRightInputs } from '../../services/rights/inputs.js';
import { decide, type Policy } from '../../services/rights/policy.js';
import { loadPolicy } from '../../services/rights/policy-load.js';
import { resolveTargets, streamApps } from '../../services/rights/targets.js';
import type { RightsAuthorizeFlags } from './authorize.js';
import { junitReport, reportTarget } from '../../io/junit.js';
import { contextName, junitCase } from './batch-report.js';
import { progressLine } from '../../io/progress.js';
import type { Journal } from '../../services/journal.js';

export async function authorizeWithPolicy(flags: RightsAuthorizeFlags & { policy: string }, f: Factory): Promise<number> {
  const refs = flags.app ?? [];
  if (!refs.length && !flags.allApps) throw new UsageError('choose the applications: --app <ref> (repeatable) or --all-apps');
  if (refs.length && flags.allApps) throw new UsageError('--app and --all-apps cannot be combined');
  if (flags.reject) throw new UsageError('--reject cannot be combined with --policy: the policy\'s rules say what to reject');
  const reportFile = reportTarget(flags.report);
  const concurrency = parsePositive(flags.concurrency, '--concurrency', 8, { integer: true, max: 64 });
  const keys = projectKeys(flags.project);
  const rights = flags.right?.length ? new Set(resolveRightInputs(flags.right).map((r) => r.code)) : undefined;
  // The whole file is checked (file:line:col) before anything is read from the server.
  const policy = loadPolicy(flags.policy);
  const confirm = !flags.yes && !flags.dryRun;
  if (confirm && !f.io.canPrompt()) {
    throw new UsageError('refusing to change rights without --yes when not running interactively', 'Preview with --dry-run, then re-run with --yes.');
  }

  const api = await f.api();
  await ensureProjectsExist(api, keys);
  const targets = refs.length ? await resolveTargets(api, refs) : undefined;
  const apps = () => targets ?? streamApps(api);
  const base: Omit<AuthorizeOptions, 'apps'> = { contexts: contextsFromFlags(flags.global, keys), rights, decide: policyDecide(policy), concurrency };

  if (confirm) {
    const plan = await withSpinner(f.io, 'Reading requested rights', () => authorizeApps(api, { ...base, apps: apps(), dryRun: true }));
    if (plan.approved + plan.rejected === 0) {
      info(f.io, `Nothing to decide: the policy matches none of the ${plan.unmatched} requested rights in ${plan.apps} applications.`);
      return plan.failed ? batchExitCode(plan) : ExitCode.Ok;
    }
    info(f.io, `The policy would approve ${plan.approved} and reject ${plan.rejected} requested rights in ${plan.contexts} contexts; ${plan.unmatched} match no rule and stay pending.`);
    const ok = await f.prompter.confirm({ message: `Apply these ${plan.approved + plan.rejected} decisions?`, default: false });
    if (!ok) throw new CancelledError('Cancelled: nothing was changed.');
  }

  // Ctrl+C (the run's one interrupt signal, owned by main): stop taking new apps, then say how far we got.
  const progress = progressLine(f.io);
  const onSigint = () => {
    progress.clear();
    warn(f.io, 'Interrupted: stopping (Ctrl+C again to quit at once)…');
  };
  const out = f.io.json ? jsonArrayStream(f.io, 'apps') : undefined;
  const c = style(f.io);
  const journal = flags.dryRun ? undefined : await f.journal();
  const report = reportFile ? junitReport(reportFile, `rights authorize --policy${flags.dryRun ? ' (dry run)' : ''}`) : undefined;
  const plain = style({ ...f.io, colorOut: false });
  let done = 0;
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
        if (journal) recordDecisions(journal, policy, r);
        report?.add(junitCase(r, appBlock(r, plain)));
        if (out) out.push(r);
        else if (r.contexts.length || r.error) {
          progress.clear();
          printLine(f.io, appBlock(r, c));
        }
        progress.update(`${flags.dryRun ? 'Checked' : 'Processed'} ${done} applications…`);
      },
    });
  } catch (e) {
    out?.end({ error: { message: e instanceof Error ? e.message : String(e) } });
    throw e;
  } finally {
    f.io.signal.removeEventListener('abort', onSigint);
    progress.clear();
    report?.end();
  }

  if (out) out.end({ summary: summaryJson(summary, policy, Boolean(flags.dryRun)) });
  else printSummary(f, summary, Boolean(flags.dryRun));
  if (summary.interrupted) {
    warn(f.io, `Stopped after ${summary.apps} applications; the others were not touched. Re-run to continue.`);
    return ExitCode.Cancelled;
  }
  return batchExitCode(summary, { dryRun: flags.dryRun });
}

/** The engine asks per right; the policy sees the app's name, the context string and the right's code and name. */
export function policyDecide(policy: Policy): Decide {
  return (app, context, right) => {
    const d = decide(policy, { app: app.name, context, code: right.code, name: right.name });
    return d && { status: d.action === 'approve' ? 'GRANTED' : 'REJECTED', rule: d.rule };
  };
}

/**
 * The audit journal already has each PATCH (`code=STATUS`); this adds why: one `policy decision` line per
 * decided right with the rule that decided it. Rights left pending were not decided and are not recorded.
 */
function recordDecisions(journal: Journal, policy: Policy, r: AppResult): void {
  for (const x of r.contexts) for (const y of x.rights) {
    if (y.rule === undefined || y.status === 'pending') continue;
    const status = y.status === 'granted' ? 'GRANTED' : y.status === 'rejected' ? 'REJECTED' : undefined;
    journal.record({
      operation: 'policy decision', app: `id:${r.app.id}`, context: x.context, policy: policy.file, rule: y.rule,
      rights: [`${y.code}=${status ?? (policy.rules[y.rule]?.action === 'approve' ? 'GRANTED' : 'REJECTED')}`],
      result: status ? 'ok' : 'error', ...(x.error ? { error: x.errorCode ?? x.error } : {}),
    });
  }
}

const WORD: Record<RightOutcome, string> = {
  granted: 'approved', rejected: 'rejected', 'would-grant': 'approve', 'would-reject': 'reject', failed: 'failed', pending: 'pending',
};

/** One line per right: context, decision, code, and the rule that decided (by index) or that none matched. */
function appBlock(r: AppResult, c: ReturnType<typeof style>): string {
  const mark = r.status === 'failed' ? c.red('✗') : r.status === 'ok' ? c.green('✓') : c.dim('·');
  const head = `${mark} ${r.app.name} (id:${r.app.id})${r.error ? `: ${r.error}` : ''}`;
  const lines = r.contexts.flatMap((x) => [
    ...x.rights.map((y) => `    ${contextName(x.context).padEnd(18)} ${WORD[y.status].padEnd(8)} ${y.code.padEnd(32)} ${y.rule !== undefined ? `rules[${y.rule}]` : 'no rule matched'}`),
    ...(x.error ? [`    ${contextName(x.context).padEnd(18)} ${c.red(x.error)}`] : []),
  ]);
  return [head, ...lines].join('\n');
}

function summaryJson(s: AuthorizeSummary, policy: Policy, dryRun: boolean) {
  return {
    apps: s.apps, approved: s.approved, rejected: s.rejected, unmatched: s.unmatched, failed: s.failed, skipped: s.skipped,
    policy: policy.file, ...(dryRun ? { dryRun: true } : {}), ...(s.interrupted ? { interrupted: true } : {}),
  };
}

function printSummary(f: Factory, s: AuthorizeSummary, dryRun: boolean): void {
  const line = `${dryRun ? 'Would approve' : 'Approved'} ${s.approved}, ${dryRun ? 'reject' : 'rejected'} ${s.rejected} in ${plural(s.contexts, 'context')} of ${plural(s.apps, 'application')} checked; ${s.unmatched} left pending (no rule matched); ${s.failed} failed.`;
  if (s.failed) warn(f.io, line);
  else if (!dryRun && s.approved + s.rejected) success(f.io, line);
  else info(f.io, line);
  const unmatched = Object.entries(s.unmatchedByRight).sort((a, b) => b[1] - a[1]);
  if (unmatched.length) info(f.io, `Left pending: ${unmatched.map(([code, n]) => `${code} ×${n}`).join(', ')}`);
  for (const [key, count] of Object.entries(s.errors)) info(f.io, `  ${count}× ${key}`);
  if (dryRun && s.approved + s.rejected) info(f.io, 'Dry run: nothing was sent. Re-run without --dry-run (and with --yes to skip the question) to apply.');
}
