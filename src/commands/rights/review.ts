// `spacectl rights review`: walk the queue of pending rights on a terminal, app by app; decide approve all,
// reject all, pick, skip or quit; nothing is sent until the user confirms that app's decisions (or, with
// --confirm-at-end, all of them at once). Ctrl+C leaves exactly what was confirmed applied, and says so.
import { plural } from '../../domain/text.js';
import { CancelledError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, style, success, warn } from '../../io/output.js';
import type { AppResult } from '../../services/rights/authorize.js';
import { groupByApp, type PendingFailure, type PendingRow } from '../../services/rights/pending.js';
import { applyDecisions, countDecisions, decideAll, decidePicked, rowKey, type AppDecisions } from '../../services/rights/review.js';
import { contextLabel, pendingScope, readQueue, type RightsPendingFlags } from './pending.js';

export interface RightsReviewFlags extends RightsPendingFlags { confirmAtEnd?: boolean }

type Step = 'approve' | 'reject' | 'pick' | 'skip' | 'quit';

interface Tally { apps: number; approved: number; rejected: number; failed: number }

export async function rightsReview(flags: RightsReviewFlags, f: Factory): Promise<number> {
  if (!f.io.canPrompt()) {
    throw new UsageError('rights review is interactive and needs a terminal (stdin and stdout), without --no-input or CI',
      'In scripts decide with rules: `spacectl rights authorize --all-apps --policy <file>`, or with filters: `spacectl rights authorize --app <ref> --right <right> --yes`.');
  }
  const scope = pendingScope(flags);
  const failures: PendingFailure[] = [];
  const { rows, summary } = await readQueue(f, scope, failures);
  for (const x of failures) warn(f.io, `could not read ${x.app.name} (id:${x.app.id})${x.context ? ` in ${x.context}` : ''}: ${x.error}`);
  if (!rows.length) {
    info(f.io, `No pending rights to review in ${plural(summary.checked, 'application')}.`);
    return summary.failed ? ExitCode.Partial : ExitCode.Ok;
  }
  const apps = groupByApp(rows);
  info(f.io, `${plural(summary.rights, 'pending right')} in ${plural(summary.apps, 'application')}, oldest request first.`);

  const api = await f.api();
  const c = style(f.io);
  const tally: Tally = { apps: 0, approved: 0, rejected: 0, failed: 0 };
  const queued: AppDecisions[] = [];
  // A confirmed app is sent whole even when Ctrl+C comes meanwhile (main's interrupt is held until its PATCHes
  // have answered), so it is reported done or failed, never cut off unknown; the walk stops after it.
  const apply = (d: AppDecisions) => f.io.hold(async () => report(f, c, await applyDecisions(api, d), tally));
  const stopped = () => f.io.signal.aborted;

  try {
    for (const [i, g] of apps.entries()) {
      if (stopped()) throw new CancelledError();
      const all = g.contexts.flatMap((x) => x.rows);
      info(f.io, `\n${c.bold(`[${i + 1}/${apps.length}] ${g.app.name}`)} (id:${g.app.id}): ${all.length} pending`);
      for (const x of g.contexts) {
        info(f.io, `  ${contextLabel(x.context)}`);
        for (const r of x.rows) info(f.io, `    ${r.code} — ${r.name}${requested(r)}`);
      }
      const step = await f.prompter.select<Step>({
        message: `${g.app.name}: what to do with these ${all.length} rights?`,
        choices: [
          { name: 'Approve all', value: 'approve' },
          { name: 'Reject all', value: 'reject' },
          { name: 'Pick…', value: 'pick' },
          { name: 'Skip (leave pending)', value: 'skip' },
          { name: 'Quit', value: 'quit' },
        ],
      });
      if (step === 'quit') break;
      if (step === 'skip') continue;
      const d = step === 'pick' ? await pick(f, g.app, all) : decideAll(g.app, all, step);
      const n = countDecisions(d);
      if (n.approve + n.reject === 0) continue;
      if (flags.confirmAtEnd) {
        queued.push(d);
        continue;
      }
      const ok = await f.prompter.confirm({ message: `${g.app.name}: approve ${n.approve}, reject ${n.reject}, leave ${all.length - n.approve - n.reject} pending. Send?`, default: true });
      if (ok) await apply(d);
      else info(f.io, `  ${g.app.name}: nothing sent.`);
    }
    if (flags.confirmAtEnd && queued.length) {
      const t = queued.map(countDecisions).reduce((a, b) => ({ approve: a.approve + b.approve, reject: a.reject + b.reject }));
      info(f.io, `\nDecided for ${plural(queued.length, 'application')}: approve ${t.approve}, reject ${t.reject}.`);
      for (const d of queued) { const n = countDecisions(d); info(f.io, `  ${d.app.name}: approve ${n.approve}, reject ${n.reject}`); }
      if (await f.prompter.confirm({ message: `Send the decisions for all ${queued.length} applications?`, default: false })) {
        for (const d of queued) {
          if (stopped()) throw new CancelledError();
          await apply(d);
        }
      } else info(f.io, 'Nothing sent.');
    }
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    warn(f.io, `Interrupted: ${tally.apps || tally.failed ? `${done(tally)}; nothing else was sent` : 'nothing was sent'}.`);
    return ExitCode.Cancelled;
  }
  info(f.io, `\nReview finished: ${done(tally)}.`);
  return tally.failed ? ExitCode.Partial : ExitCode.Ok;
}

function requested(r: PendingRow): string {
  const who = r.requestedBy ? (r.requestedBy.username ?? r.requestedBy.name) : undefined;
  const when = r.requestedAt ? `${r.requestedAt.replace('T', ' ').slice(0, 16)}Z` : undefined;
  return who || when ? ` (requested${who ? ` by ${who}` : ''}${when ? ` ${when}` : ''})` : '';
}

/** Approve which (checkbox), then reject which of the rest (checkbox); the remainder stays pending. */
async function pick(f: Factory, app: AppDecisions['app'], rows: PendingRow[]): Promise<AppDecisions> {
  const label = (r: PendingRow) => `${contextLabel(r.context)}: ${r.code} — ${r.name}`;
  const approve = await f.prompter.checkbox<string>({ message: `${app.name}: approve which? (space to tick, enter when done)`, choices: rows.map((r) => ({ name: label(r), value: rowKey(r) })) });
  const rest = rows.filter((r) => !approve.includes(rowKey(r)));
  const reject = rest.length
    ? await f.prompter.checkbox<string>({ message: `${app.name}: reject which of the rest? (unticked stay pending)`, choices: rest.map((r) => ({ name: label(r), value: rowKey(r) })) })
    : [];
  return decidePicked(app, approve, reject);
}

function report(f: Factory, c: ReturnType<typeof style>, r: AppResult, t: Tally): void {
  let approved = 0;
  let rejected = 0;
  for (const x of r.contexts) for (const y of x.rights) {
    if (y.status === 'granted') approved++;
    else if (y.status === 'rejected') rejected++;
  }
  t.approved += approved;
  t.rejected += rejected;
  if (approved + rejected) t.apps++;
  const errors = [r.error, ...r.contexts.map((x) => x.error && `${contextLabel(x.context)}: ${x.error}`)].filter(Boolean);
  if (errors.length) {
    t.failed++;
    warn(f.io, `${r.app.name}: ${c.red('failed')}: ${errors.join('; ')}${approved + rejected ? ` (approved ${approved}, rejected ${rejected} elsewhere)` : ''}`);
  } else success(f.io, `${r.app.name}: approved ${approved}, rejected ${rejected}.`);
}

function done(t: Tally): string {
  if (!t.apps && !t.failed) return 'nothing was sent';
  return `applied decisions for ${t.apps} ${t.apps === 1 ? 'application' : 'applications'} (${t.approved} approved, ${t.rejected} rejected${t.failed ? `, ${t.failed} failed` : ''})`;
}
