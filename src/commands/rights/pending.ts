// `spacectl rights pending`: the organization-wide queue of requested rights, oldest first, read-only.
import type { Context } from '../../api/ids.js';
import { ExitCode } from '../../errors.js';
import type { Factory } from '../../factory.js';
import type { IO } from '../../io/io.js';
import { info, jsonArrayStream, printTable, warn } from '../../io/output.js';
import { collectPending, type PendingFailure, type PendingQueue, type PendingRow, type PendingSummary } from '../../services/rights/pending.js';
import { ensureProjectsExist } from '../../services/rights/contexts.js';
import { appSummary } from '../../services/apps/ref.js';
import { contextsFromFlags, parsePositive, projectKeys, resolveRightInputs } from '../../services/rights/inputs.js';
import { progressLine } from '../../io/progress.js';
import { resolveTargets, streamApps } from '../../services/rights/targets.js';

export interface RightsPendingFlags {
  app?: string[];
  global?: boolean;
  project?: string[];
  right?: string[];
  concurrency?: string;
}

export interface PendingScope {
  refs: string[];
  keys: string[];
  contexts?: Context[];
  rights?: ReadonlySet<string>;
  concurrency: number;
}

/** Flag checks shared with `rights review`: all usage errors, before anything is sent. */
export function pendingScope(flags: RightsPendingFlags): PendingScope {
  const keys = projectKeys(flags.project);
  return {
    refs: flags.app ?? [],
    keys,
    contexts: contextsFromFlags(flags.global, keys),
    rights: flags.right?.length ? new Set(resolveRightInputs(flags.right).map((r) => r.code)) : undefined,
    concurrency: parsePositive(flags.concurrency, '--concurrency', 8, { integer: true, max: 64 }),
  };
}

/** Reads the queue with a progress counter on a terminal; failures are collected (bounded) for the report. */
export async function readQueue(f: Factory, scope: PendingScope, failures: PendingFailure[]): Promise<PendingQueue> {
  const api = await f.api();
  await ensureProjectsExist(api, scope.keys);
  const targets = scope.refs.length ? await resolveTargets(api, scope.refs) : undefined;
  const progress = progressLine(f.io);
  try {
    return await collectPending(api, {
      apps: targets ?? streamApps(api),
      contexts: scope.contexts,
      rights: scope.rights,
      concurrency: scope.concurrency,
      onApp: (n) => progress.update(`Checked ${n} applications…`),
      onFailure: (x) => { if (failures.length < MAX_LISTED_FAILURES) failures.push(x); },
    });
  } finally {
    progress.clear();
  }
}

const MAX_LISTED_FAILURES = 20;

export async function rightsPending(flags: RightsPendingFlags, f: Factory): Promise<number> {
  const scope = pendingScope(flags);
  const failures: PendingFailure[] = [];
  const { rows, summary } = await readQueue(f, scope, failures);

  if (f.io.json) {
    // Streamed: the document is never built as one string, however long the queue.
    const out = jsonArrayStream(f.io, 'rights');
    for (const r of rows) out.push(rowJson(r));
    out.end({ summary: summaryJson(summary), ...(failures.length ? { failures: failures.map(failureJson) } : {}) });
  } else {
    if (rows.length) printTable(f.io, ['REQUESTED', 'APP', 'CONTEXT', 'RIGHT', 'NAME', 'BY'], rows.map((r) => rowCells(f.io, r)));
    info(f.io, summaryLine(summary));
    if (rows.length) info(f.io, 'Decide with `spacectl rights review` (interactive) or `spacectl rights authorize --all-apps --policy <file>`.');
    for (const x of failures) warn(f.io, `${x.app.name} (id:${x.app.id})${x.context ? ` in ${x.context}` : ''}: ${x.error}`);
    if (summary.failed > failures.length) warn(f.io, `…and ${summary.failed - failures.length} more failures.`);
  }
  return summary.failed ? ExitCode.Partial : ExitCode.Ok;
}

export function rowJson(r: PendingRow) {
  return { app: appSummary(r.app), context: r.context, code: r.code, name: r.name, requestedBy: r.requestedBy ?? null, requestedAt: r.requestedAt ?? null };
}

function failureJson(x: PendingFailure) {
  return { app: appSummary(x.app), ...(x.context ? { context: x.context } : {}), error: x.error, errorCode: x.errorCode };
}

function summaryJson(s: PendingSummary) {
  return { apps: s.apps, rights: s.rights, contexts: s.contexts, checked: s.checked, failed: s.failed, byContext: s.byContext };
}

/** On a terminal the time is shortened to minutes (UTC); piped output keeps the server's timestamp for scripts. */
function rowCells(io: IO, r: PendingRow): string[] {
  const at = r.requestedAt ? (io.stdoutTTY ? `${r.requestedAt.replace('T', ' ').slice(0, 16)}Z` : r.requestedAt) : '-';
  const by = r.requestedBy ? (r.requestedBy.username ?? r.requestedBy.name) : '-';
  return [at, r.app.name, contextLabel(r.context), r.code, r.name, by];
}

export function contextLabel(context: string): string {
  return context === 'global' ? 'global' : context.replace(/^project:key:/, 'project ');
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(s: PendingSummary): string {
  if (!s.rights) return `No pending rights in ${plural(s.checked, 'application', 'applications')} checked.`;
  return `${plural(s.rights, 'pending right', 'pending rights')} in ${plural(s.contexts, 'context', 'contexts')} across ${plural(s.apps, 'application', 'applications')} (${s.checked} checked${s.failed ? `, ${s.failed} failed` : ''}).`;
}
