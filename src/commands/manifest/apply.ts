import { contextLabel, parseContext } from '../../api/ids.js';
import { CancelledError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson, printLine, success, warn } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { applyApp, type AppApplyResult } from '../../manifest/apply.js';
import { hasWork, type AppPlan, type Change, type PendingRight } from '../../manifest/diff.js';
import { readManifest } from './input.js';
import { planManifest } from '../../manifest/plan.js';
import { planJson, planLines, summaryLine } from '../../manifest/render.js';
import { confirmOrRefuse } from '../shared/inputs.js';
import { junitReport, reportTarget, type JunitReport } from '../../io/junit.js';

export interface ApplyFlags { file: string; yes?: boolean; prune?: boolean; force?: boolean; report?: string[]; dryRun?: boolean }

export async function applyCommand(flags: ApplyFlags, f: Factory): Promise<number> {
  const reportFile = reportTarget(flags.report);
  const manifest = await readManifest(flags.file, f);
  for (const w of manifest.warnings) warn(f.io, w);
  const api = await f.api();
  const plans = await withSpinner(f.io, 'Reading the live state', () => planManifest(api, manifest, { prune: flags.prune, force: flags.force }));
  if (!f.io.json) {
    for (const l of planLines(plans)) printLine(f.io, l);
    printLine(f.io, summaryLine(plans));
  }
  const before = planJson(plans);
  if (flags.dryRun) {
    // The plan above, plus the exact requests apply would send for it; nothing is sent, nothing asked.
    const { describeOp } = await import('../../services/ops.js');
    const { dryRunReport } = await import('../shared/dry-run.js');
    const { appId } = await import('../../api/ids.js');
    return dryRunReport(f, plans.flatMap((p) => p.ops.map((op) => describeOp(op, p.app ? appId(p.app.id) : undefined))));
  }

  const writable = plans.filter(hasWork);
  const blocked = (p: AppPlan) => p.changes.filter((c) => c.blocked).map((c) => `${p.name}: ${blockedLabel(c)}`);

  const pendingText = (list: PendingRight[]) => list.map((x) => `right ${x.right} in ${contextLabel(parseContext(x.context))} waits for approval`).join('\n');
  if (!writable.length) {
    // In sync, or only removals these credentials cannot make: send nothing.
    const pending = plans.flatMap((p) => p.pending);
    const skipped = plans.flatMap(blocked);
    if (reportFile) {
      const report = junitReport(reportFile, 'apply');
      for (const p of plans) report.add({ name: p.name, ...outcomeOf(blocked(p)), output: ['in sync', pendingText(p.pending)].filter(Boolean).join('\n') });
      report.end();
    }
    if (f.io.json) printJson(f.io, { ...before, applied: false, done: [], results: [], pending, skipped });
    return finish(f, pending, skipped);
  }

  // Every secret sink is checked before the first write: one holding something else is refused unless --force.
  const refusals = writable.flatMap((p) => p.sinks?.refusals ?? []);
  if (refusals.length) throw new UsageError(refusals.join('\n'), 'Nothing was changed. Point the sink elsewhere, or pass --force to overwrite it.');
  await confirmOrRefuse(f, { yes: flags.yes, message: `Apply these changes to ${writable.length} app(s)?`, what: 'apply the changes' });

  const done: string[] = [];
  const hooks = { step: (m: string) => success(f.io, m), warn: (m: string) => warn(f.io, m) };
  const results: AppApplyResult[] = [];
  const pending: PendingRight[] = [];
  const skipped: string[] = [];
  const report: JunitReport | undefined = reportFile ? junitReport(reportFile, 'apply') : undefined;
  let reached = 0;
  try {
    for (const [i, p] of plans.entries()) {
      reached = i;
      if (!hasWork(p)) {
        pending.push(...p.pending);
        skipped.push(...blocked(p));
        report?.add({ name: p.name, ...outcomeOf(blocked(p)), output: ['in sync', pendingText(p.pending)].filter(Boolean).join('\n') });
        continue;
      }
      // Ctrl+C: the app in progress is finished (main's interrupt is held meanwhile, so an app is never left
      // created without its secrets written), then the run stops here and says what was done.
      if (f.io.signal.aborted) throw new CancelledError(interrupted(done, plans.slice(i).filter(hasWork).map((x) => x.name)));
      const stepsBefore = done.length;
      const started = Date.now();
      const r = await f.io.hold(() => applyApp(api, manifest.apps[i]!, p, { prune: flags.prune, hooks, done }));
      results.push(r);
      pending.push(...r.pending);
      const notPruned = r.skipped.map((s) => `${r.app.name}: ${s}`);
      skipped.push(...notPruned);
      report?.add({ name: p.name, ...outcomeOf(notPruned), timeMs: Date.now() - started, output: [...done.slice(stepsBefore), pendingText(r.pending)].filter(Boolean).join('\n') });
    }
    reached = plans.length;
  } catch (e) {
    // The failing app fails; the apps after it were not reached (nor, after Ctrl+C, the one it stopped before).
    const stopped = e instanceof CancelledError;
    if (!stopped) report?.add({ name: plans[reached]!.name, outcome: 'failed', message: e instanceof Error ? e.message : String(e) });
    for (const p of plans.slice(stopped ? reached : reached + 1)) report?.add({ name: p.name, outcome: 'skipped', message: stopped ? 'not reached: interrupted (Ctrl+C)' : 'not reached: an earlier application failed' });
    throw e;
  } finally {
    report?.end();
  }

  if (f.io.json) printJson(f.io, { ...before, applied: true, done, results, pending, skipped });
  else success(f.io, `Applied ${flags.file}: ${done.length} ${done.length === 1 ? 'step' : 'steps'}.`);
  return finish(f, pending, skipped);
}

function interrupted(done: string[], left: string[]): string {
  return `Interrupted (Ctrl+C) before ${left.join(', ')}.\n${done.length ? `Already done:\n${done.map((d) => `  - ${d}`).join('\n')}` : 'Nothing was changed.'}\n`
    + 'Run `spacectl apply` again: it reads the live state and continues where this run stopped.';
}

function outcomeOf(notPruned: string[]): { outcome: 'passed' | 'failed'; message?: string } {
  return notPruned.length ? { outcome: 'failed', message: `not pruned (needs other credentials): ${notPruned.join('; ')}` } : { outcome: 'passed' };
}

function blockedLabel(c: Change): string {
  return `${c.path}: ${String(c.from)} (${c.note ?? 'cannot be removed'})`;
}

/** Exit code: 5 when some prunes need other credentials, else 8 when rights wait for approval, else 0. */
function finish(f: Factory, pending: PendingRight[], skipped: string[]): number {
  for (const s of skipped) warn(f.io, `not pruned: ${s}`);
  const waiting = reportPending(f, pending, skipped.length > 0);
  if (skipped.length) return ExitCode.Partial;
  return waiting ? ExitCode.PendingApproval : ExitCode.Ok;
}

/** Pending rights are the expected state for non-admin credentials: reported, not an error. */
function reportPending(f: Factory, pending: PendingRight[], partial: boolean): boolean {
  if (!pending.length) {
    if (!f.io.json && !partial) info(f.io, 'Space matches the manifest.');
    return false;
  }
  for (const p of pending) warn(f.io, `right ${p.right} in ${contextLabel(parseContext(p.context))} is requested and waits for an administrator's approval`);
  info(f.io, 'An administrator approves them in Space (or with `spacectl rights authorize`); run `spacectl plan` to check.');
  return true;
}
