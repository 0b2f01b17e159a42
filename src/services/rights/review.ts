// Decisions of an interactive review (`rights review`): per app, which pending rights to approve, reject or
// leave. Pure bookkeeping, plus applying one app's decisions through the batch engine (which re-reads the
// rights, so a right someone else decided meanwhile is not overwritten).
import type { SpaceClient } from '../../api/client.js';
import { parseContext } from '../../api/ids.js';
import { authorizeOneApp, type AppResult, type AppTarget } from './authorize.js';
import type { PendingRow } from './pending.js';

export type ReviewChoice = 'approve' | 'reject' | 'leave';

export interface AppDecisions {
  app: AppTarget;
  /** `${context} ${code}` → decision; rights not in the map are left pending. */
  decisions: Map<string, Exclude<ReviewChoice, 'leave'>>;
}

export const rowKey = (r: Pick<PendingRow, 'context' | 'code'>) => `${r.context} ${r.code}`;

export function countDecisions(d: AppDecisions): { approve: number; reject: number } {
  let approve = 0;
  let reject = 0;
  for (const v of d.decisions.values()) {
    if (v === 'approve') approve++;
    else reject++;
  }
  return { approve, reject };
}

/** Every row gets the same decision (approve all / reject all). */
export function decideAll(app: AppTarget, rows: readonly PendingRow[], choice: Exclude<ReviewChoice, 'leave'>): AppDecisions {
  return { app, decisions: new Map(rows.map((r) => [rowKey(r), choice])) };
}

/** Picked rows approved, a second pick rejected, the rest left pending. */
export function decidePicked(app: AppTarget, approve: readonly string[], reject: readonly string[]): AppDecisions {
  const decisions = new Map<string, Exclude<ReviewChoice, 'leave'>>();
  for (const k of reject) decisions.set(k, 'reject');
  for (const k of approve) decisions.set(k, 'approve');
  return { app, decisions };
}

/** Sends one app's decisions: one PATCH per context that has any (through the batch engine). Never throws. */
export async function applyDecisions(api: SpaceClient, d: AppDecisions): Promise<AppResult> {
  const contexts = [...new Set([...d.decisions.keys()].map((k) => k.slice(0, k.indexOf(' '))))].map(parseContext);
  return authorizeOneApp(api, d.app, {
    contexts,
    decide: (_app, context, right) => {
      const v = d.decisions.get(`${context} ${right.code}`);
      return v && { status: v === 'approve' ? 'GRANTED' : 'REJECTED' };
    },
  });
}
