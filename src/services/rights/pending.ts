// The organization's queue of pending rights (Space HTTP API): every REQUESTED right of every app, with who
// requested it and when (RightDTO.modificationAuthor / modificationTimestamp), oldest first.
//
// Memory: apps stream through the bounded pool and each app's RightDTOs are dropped once its rows are taken,
// so apps with nothing pending cost nothing after their turn. Sorting oldest-first needs every row before
// the first can be printed, so the rows themselves are kept — small records sharing one app object per app
// and one string per context. Memory therefore grows with the number of PENDING rights (~150 bytes each),
// not with the number of apps; an external sort was not worth it for a queue a person can read.
import type { SpaceClient } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { appId, contextString, type Context } from '../../api/ids.js';
import { getAuthorizedRights } from '../../api/rights.js';
import type { Principal } from '../../api/types.js';
import type { AppTarget } from './authorize.js';
import { appSummary } from '../apps/ref.js';
import { appContexts } from './contexts.js';
import { forEachBounded } from './pool.js';
import { rightName } from './request.js';

export interface PendingRow {
  app: AppTarget;
  /** Compact context string: `global` or `project:key:KEY`. */
  context: string;
  code: string;
  name: string;
  requestedBy?: Principal;
  requestedAt?: string;
}

export interface PendingFailure { app: AppTarget; context?: string; error: string; errorCode: string }

export interface PendingOptions {
  apps: AsyncIterable<AppTarget> | Iterable<AppTarget>;
  /** Contexts to look at; undefined = every context each app is authorized in. */
  contexts?: Context[];
  /** Only these right codes; undefined = all. */
  rights?: ReadonlySet<string>;
  concurrency?: number;
  signal?: AbortSignal;
  /** After each app (completion order), for progress. */
  onApp?: (checked: number) => void;
  /** A failed app or context; the scan goes on. */
  onFailure?: (f: PendingFailure) => void;
}

export interface PendingSummary {
  /** Apps looked at. */
  checked: number;
  /** Apps with at least one pending right. */
  apps: number;
  /** Pending rights (rows). */
  rights: number;
  /** Distinct contexts (global, each project) with pending rights. */
  contexts: number;
  /** Pending rights per context string (bounded by the number of projects). */
  byContext: Record<string, number>;
  /** Apps or contexts that could not be read. */
  failed: number;
  interrupted: boolean;
}

export interface PendingQueue { rows: PendingRow[]; summary: PendingSummary }

/** Per app, on top of the app-level pool (as the authorizer does). */
const CONTEXTS_AT_ONCE = 4;

const errorCodeOf = (e: unknown): string => (e instanceof ApiError ? e.code : 'error');
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Oldest first; rights without a recorded time last; ties by app name, app id, context, code (a stable order). */
export function comparePending(a: PendingRow, b: PendingRow): number {
  if (a.requestedAt !== b.requestedAt) {
    if (a.requestedAt === undefined) return 1;
    if (b.requestedAt === undefined) return -1;
    const d = Date.parse(a.requestedAt) - Date.parse(b.requestedAt);
    if (d) return d;
  }
  return cmp(a.app.name, b.app.name) || cmp(a.app.id, b.app.id) || cmp(a.context, b.context) || cmp(a.code, b.code);
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export async function collectPending(api: SpaceClient, o: PendingOptions): Promise<PendingQueue> {
  const rows: PendingRow[] = [];
  // Rows share one string per context, right code and right name and one object per requester, so a row costs little more
  // than its pointers and its timestamp.
  const strings = new Map<string, string>();
  const intern = (x: string) => strings.get(x) ?? (strings.set(x, x), x);
  const requesters = new Map<string, Principal>();
  const apps = new Set<string>();
  const byContext: Record<string, number> = {};
  let checked = 0;
  let failed = 0;
  const fail = (f: PendingFailure) => {
    failed++;
    o.onFailure?.(f);
  };

  await forEachBounded(o.apps, { concurrency: o.concurrency ?? 8, signal: o.signal }, async (target) => {
    const app: AppTarget = appSummary(target);
    const id = appId(app.id);
    let contexts = o.contexts;
    if (!contexts) {
      try {
        contexts = (await appContexts(api, id)).contexts;
      } catch (e) {
        fail({ app, error: messageOf(e), errorCode: errorCodeOf(e) });
        checked++;
        o.onApp?.(checked);
        return;
      }
    }
    await forEachBounded(contexts, { concurrency: CONTEXTS_AT_ONCE }, async (ctx) => {
      const context = intern(contextString(ctx));
      try {
        for (const r of await getAuthorizedRights(api, id, ctx, { history: true })) {
          if (r.status !== 'REQUESTED' || (o.rights && !o.rights.has(r.code))) continue;
          const row: PendingRow = { app, context, code: intern(r.code), name: intern(rightName(r.code, r.name)) };
          if (r.changedBy) {
            const key = JSON.stringify(r.changedBy);
            row.requestedBy = requesters.get(key) ?? (requesters.set(key, r.changedBy), r.changedBy);
          }
          if (r.changedAt) row.requestedAt = r.changedAt;
          rows.push(row);
          apps.add(app.id);
          byContext[context] = (byContext[context] ?? 0) + 1;
        }
      } catch (e) {
        fail({ app, context, error: messageOf(e), errorCode: errorCodeOf(e) });
      }
    });
    checked++;
    o.onApp?.(checked);
  });

  rows.sort(comparePending);
  return {
    rows,
    summary: { checked, apps: apps.size, rights: rows.length, contexts: Object.keys(byContext).length, byContext, failed, interrupted: Boolean(o.signal?.aborted) },
  };
}

/** Rows grouped per app, apps in queue order (the app with the oldest request first), each app's rows by context. */
export function groupByApp(rows: readonly PendingRow[]): Array<{ app: AppTarget; contexts: Array<{ context: string; rows: PendingRow[] }> }> {
  const out = new Map<string, { app: AppTarget; contexts: Map<string, PendingRow[]> }>();
  for (const r of rows) {
    let g = out.get(r.app.id);
    if (!g) out.set(r.app.id, (g = { app: r.app, contexts: new Map() }));
    let list = g.contexts.get(r.context);
    if (!list) g.contexts.set(r.context, (list = []));
    list.push(r);
  }
  return [...out.values()].map((g) => ({
    app: g.app,
    contexts: [...g.contexts.entries()].sort(([a], [b]) => (a === 'global' ? -1 : b === 'global' ? 1 : cmp(a, b))).map(([context, list]) => ({ context, rows: list })),
  }));
}
