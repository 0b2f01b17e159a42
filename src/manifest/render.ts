// Human rendering of a plan (stdout) and its JSON form.
import { appId, contextLabel, parseContext } from '../api/ids.js';
import { describeOp } from '../services/ops.js';
import { escapeControl } from '../io/output.js';
import type { AppPlan, Change } from './diff.js';
import { appInSync } from './diff.js';

const SIGN = { add: '+', remove: '-', change: '~' } as const;

function value(path: string, v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => value(path, x)).join(', ');
  if (typeof v === 'string' && (path === 'description' || path === 'email')) return JSON.stringify(v);
  return String(v);
}

export function changeLine(c: Change): string {
  const note = c.note ? ` (${c.note})` : '';
  const sign = c.blocked ? '!' : SIGN[c.op];
  if (c.path === 'rights.required') return `${sign} required right ${String(c.op === 'remove' ? c.from : c.to)} (app-wide)${note}`;
  const rights = /^rights\.(global|projects\.(.+))$/.exec(c.path);
  if (rights) {
    const where = rights[2] ? `project ${rights[2]}` : 'global';
    if (c.op === 'remove' && c.from === rights[2]) return `${sign} project ${rights[2]}${note}`;
    return `${sign} right ${String(c.op === 'remove' ? c.from : c.to)} in ${where}${note}`;
  }
  if (c.path === 'sshKeys') return `${sign} ssh key ${String(c.op === 'remove' ? c.from : c.to)}${note}`;
  if (c.path.endsWith('.redirectUris') && !Array.isArray(c.to)) return `~ ${c.path}: ${SIGN[c.op]} ${String(c.op === 'remove' ? c.from : c.to)}`;
  if (c.op === 'change') return `~ ${c.path}: ${value(c.path, c.from)} → ${value(c.path, c.to)}${note}`;
  if (c.op === 'add') return `+ ${c.path}: ${value(c.path, c.to)}${note}`;
  return `- ${c.path}: ${value(c.path, c.from)}${note}`;
}

/** The plan in lines; values from the manifest or the server are shown with their control characters escaped. */
export function planLines(plans: AppPlan[]): string[] {
  return planText(plans).map(escapeControl);
}

function planText(plans: AppPlan[]): string[] {
  const out: string[] = [];
  for (const p of plans) {
    if (p.action === 'create') out.push(`+ create app ${p.name}`);
    else if (p.action === 'update') out.push(`~ update app ${p.name} (id:${p.app?.id})`);
    else out.push(`= app ${p.name} (id:${p.app?.id}): in sync`);
    for (const c of p.changes) out.push(`    ${changeLine(c)}`);
    for (const r of p.pending) out.push(`    … right ${r.right} in ${contextLabel(parseContext(r.context))}: requested, waiting for an administrator's approval`);
    for (const n of p.notes) out.push(`    note: ${n}`);
  }
  return out;
}

export function summaryLine(plans: AppPlan[]): string {
  const create = plans.filter((p) => p.action === 'create').length;
  const update = plans.filter((p) => p.action !== 'create' && !appInSync(p)).length;
  if (!create && !update) return 'In sync: nothing to do.';
  const synced = plans.length - create - update;
  return `Plan: ${create} to create, ${update} to update, ${synced} in sync.`;
}

export function inSync(plans: AppPlan[]): boolean {
  return plans.every(appInSync);
}

/** The `--json` shape of a plan. */
export function planJson(plans: AppPlan[]) {
  return {
    inSync: inSync(plans),
    apps: plans.map((p) => ({
      name: p.name,
      action: p.action,
      app: p.app ?? null,
      changes: p.changes.map((c) => ({ path: c.path, op: c.op, ...(c.from !== undefined ? { from: c.from } : {}), ...(c.to !== undefined ? { to: c.to } : {}), ...(c.note ? { note: c.note } : {}), ...(c.blocked ? { blocked: true } : {}) })),
      pending: p.pending,
      notes: p.notes,
      // The exact requests apply would send, in order (secrets shown as <secret>).
      operations: p.ops.map((op) => describeOp(op, p.app ? appId(p.app.id) : undefined)),
    })),
  };
}
