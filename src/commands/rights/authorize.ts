// `spacectl rights authorize`: the admins' batch tool. Plans (read-only), confirms, then applies one PATCH
// per app and context; continues past failures and reports per app.
import { plural } from '../../domain/text.js';
import { CancelledError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson, style, success, warn } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { authorizeApps, batchExitCode, type AppResult, type AuthorizeSummary } from '../../services/rights/authorize.js';
import { contextName } from './batch-report.js';
import { batchApps, batchFlags, runBatch, summaryDoc, warnListing } from './batch-run.js';

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
  const b = batchFlags(flags, f);
  const verb = flags.reject ? 'reject' : 'approve';
  const api = await f.api();
  const apps = await batchApps(api, flags, b);
  const base = { contexts: b.contexts, rights: b.rights, reject: flags.reject, concurrency: b.concurrency };

  if (b.confirm) {
    const plan = await withSpinner(f.io, 'Reading requested rights', () => authorizeApps(api, { ...base, apps: apps.apps(), dryRun: true }));
    if (plan.approved + plan.rejected === 0) {
      if (f.io.json) printJson(f.io, { summary: summaryDoc(plan, summaryJson(plan), false), apps: [] });
      else info(f.io, `Nothing to ${verb}: no matching requested rights in ${plural(plan.apps, 'application')}${plan.listingError ? ' read' : ''}.`);
      warnListing(f, plan, verb);
      return batchExitCode(plan);
    }
    info(f.io, planText(plan, verb));
    const ok = await f.prompter.confirm({ message: `${verb === 'approve' ? 'Approve' : 'Reject'} these ${plan.approved + plan.rejected} rights?`, default: false });
    if (!ok) throw new CancelledError(`Cancelled: nothing was ${verb === 'approve' ? 'approved' : 'rejected'}.`);
  }

  const dryRun = Boolean(flags.dryRun);
  return runBatch(f, api, {
    base, apps, dryRun, verb,
    reportFile: b.reportFile,
    reportName: 'rights authorize',
    // With --all-apps, apps with nothing to do are counted, not listed.
    render: (r, c) => (r.status !== 'nothing-to-do' || apps.targets ? appLine(r, c, dryRun) : undefined),
    summaryJson,
    printSummary: (s) => printSummary(f, s, verb, dryRun),
  });
}

function summaryJson(s: AuthorizeSummary) {
  return { apps: s.apps, approved: s.approved, rejected: s.rejected, failed: s.failed, skipped: s.skipped };
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
