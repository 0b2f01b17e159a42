// `spacectl rights authorize --policy FILE`: the batch authorizer with a per-right decision from an approval
// policy (first matching rule wins; no match = left pending). Same engine as plain `rights authorize`: one
// PATCH per app and context, bounded pool, streamed --json, exit 5 on partial failure.
import { plural } from '../../domain/text.js';
import { CancelledError, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, style, success, warn } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { authorizeApps, batchExitCode, type AppResult, type AuthorizeSummary, type Decide, type RightOutcome } from '../../services/rights/authorize.js';
import { decide, type Policy } from '../../services/rights/policy.js';
import { loadPolicy } from '../../services/rights/policy-load.js';
import type { RightsAuthorizeFlags } from './authorize.js';
import { contextName } from './batch-report.js';
import { batchApps, batchFlags, runBatch, warnListing } from './batch-run.js';
import type { Journal } from '../../services/journal.js';

export async function authorizeWithPolicy(flags: RightsAuthorizeFlags & { policy: string }, f: Factory): Promise<number> {
  if (flags.reject) throw new UsageError('--reject cannot be combined with --policy: the policy\'s rules say what to reject');
  const b = batchFlags(flags, f);
  // The whole file is checked (file:line:col) before anything is read from the server.
  const policy = loadPolicy(flags.policy);
  const api = await f.api();
  const apps = await batchApps(api, flags, b);
  const base = { contexts: b.contexts, rights: b.rights, decide: policyDecide(policy), concurrency: b.concurrency };

  if (b.confirm) {
    const plan = await withSpinner(f.io, 'Reading requested rights', () => authorizeApps(api, { ...base, apps: apps.apps(), dryRun: true }));
    if (plan.approved + plan.rejected === 0) {
      info(f.io, `Nothing to decide: the policy matches none of the ${plan.unmatched} requested rights in ${plural(plan.apps, 'application')}${plan.listingError ? ' read' : ''}.`);
      warnListing(f, plan, 'decide');
      return batchExitCode(plan);
    }
    info(f.io, `The policy would approve ${plan.approved} and reject ${plan.rejected} requested rights in ${plural(plan.contexts, 'context')}; ${plan.unmatched} match no rule and stay pending.`);
    const ok = await f.prompter.confirm({ message: `Apply these ${plan.approved + plan.rejected} decisions?`, default: false });
    if (!ok) throw new CancelledError('Cancelled: nothing was changed.');
  }

  const dryRun = Boolean(flags.dryRun);
  const journal = dryRun ? undefined : await f.journal();
  return runBatch(f, api, {
    base, apps, dryRun,
    verb: 'decide',
    reportFile: b.reportFile,
    reportName: 'rights authorize --policy',
    render: (r, c) => (r.contexts.length || r.error ? appBlock(r, c) : undefined),
    record: journal && ((r) => recordDecisions(journal, policy, r)),
    summaryJson: (s) => ({ apps: s.apps, approved: s.approved, rejected: s.rejected, unmatched: s.unmatched, failed: s.failed, skipped: s.skipped, policy: policy.file }),
    printSummary: (s) => printSummary(f, s, dryRun),
  });
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
