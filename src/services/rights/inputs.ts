// Flag parsing shared by `rights` and `project` commands: rights by code or name, project keys, contexts, numbers.
// Every problem is a usage error (exit 2: UsageError here, DomainError from the catalog) raised before anything is sent.
import { GLOBAL, projectContext, projectKey, type Context } from '../../api/ids.js';
import { isProjectLevel, resolveRights, rightsForOperation, type OperationRights, type Right as CatalogRight } from '../../domain/rights-catalog.js';
import { UsageError } from '../../errors.js';

/** Codes or names → catalog rights (duplicates dropped); unknown ones fail together, with suggestions. */
export const resolveRightInputs = (inputs: string[]): CatalogRight[] => resolveRights(inputs);

export const operationRights = (spec: string): OperationRights => rightsForOperation(spec);

/** Validated, upper-cased, de-duplicated project keys. */
export function projectKeys(inputs: string[] | undefined, flag = '--project'): string[] {
  return [...new Set((inputs ?? []).map((k) => projectKey(k, flag)))];
}

/** `--global` and/or `--project` → contexts, global first; undefined when neither was given (each command decides what that means). */
export function contextsFromFlags(global: boolean | undefined, keys: string[]): Context[] | undefined {
  if (!global && keys.length === 0) return undefined;
  return [...(global ? [GLOBAL] : []), ...keys.map(projectContext)];
}

/** `--global` and/or `--project`; neither means global. */
export const requestContexts = (global: boolean | undefined, keys: string[]): Context[] => contextsFromFlags(global, keys) ?? [GLOBAL];

/** A right requested in a project must be a project-level one; names every offender at once. */
export function checkProjectLevel(rights: CatalogRight[], keys: string[], flag = '--project'): void {
  if (!keys.length) return;
  const bad = rights.filter((r) => !isProjectLevel(r));
  if (!bad.length) return;
  const list = bad.map((r) => `${r.code} (${r.level})`).join(', ');
  throw new UsageError(
    `${bad.length > 1 ? 'rights' : 'right'} ${list} cannot be granted in a project (${flag} ${keys.join(', ')}): only project-level rights can`,
    'Request global rights in a separate run without --project; `spacectl rights catalog --level project` lists project-level rights.',
  );
}

export function parsePositive(value: string | undefined, flag: string, fallback: number, o: { integer?: boolean; max?: number } = {}): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(n) && n > 0 && (!o.integer || Number.isInteger(n)) && (o.max === undefined || n <= o.max);
  if (!ok) throw new UsageError(`${flag} "${value}" must be ${o.integer ? 'a whole number' : 'a number'}${o.max !== undefined ? ` from 1 to ${o.max}` : ' greater than 0'}`);
  return n;
}

export const STATUSES = ['requested', 'granted', 'rejected'] as const;
export type StatusFilter = (typeof STATUSES)[number];

export function parseStatus(value: string | undefined): StatusFilter | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (!(STATUSES as readonly string[]).includes(v)) throw new UsageError(`--status "${value}" is not one of ${STATUSES.join(', ')}`);
  return v as StatusFilter;
}

export interface WaitFlags { wait?: boolean; timeout?: string; interval?: string }

export interface WaitPlan { timeoutMs: number; intervalMs: number }

/** Validates --wait/--timeout/--interval (usage errors before anything is sent). */
export function waitPlan(flags: WaitFlags): WaitPlan | undefined {
  if (!flags.wait) {
    if (flags.timeout !== undefined || flags.interval !== undefined) throw new UsageError('--timeout and --interval only apply with --wait');
    return undefined;
  }
  return { timeoutMs: parsePositive(flags.timeout, '--timeout', 300) * 1000, intervalMs: parsePositive(flags.interval, '--interval', 5) * 1000 };
}
