// Approval policies as code: an ordered list of rules; for each requested right the first rule whose rights,
// contexts and apps all match decides approve or reject; no match leaves the right pending. Pure: compiled
// from the validated document (policy-load.ts), then asked per right by the batch authorizer.
import { allRights, resolveRight } from '../../domain/rights-catalog.js';
import { DomainError } from '../../domain/errors.js';

export type PolicyAction = 'approve' | 'reject';

export interface RuleDoc { description?: string; action: PolicyAction; rights: string[]; contexts?: string[]; apps?: string[] }
export interface PolicyDoc { rules: RuleDoc[] }

export interface PolicyRule {
  /** Position in `rules` (0-based, as `rules[0]` in the file). */
  index: number;
  action: PolicyAction;
  matchesRight(code: string, name?: string): boolean;
  matchesContext(context: string): boolean;
  matchesApp(name: string): boolean;
}

export interface Policy { file: string; rules: PolicyRule[] }
export interface PolicyDecision { action: PolicyAction; rule: number }

/** What a right is asked about: the app's name, the compact context string, the right's code and name. */
export interface PolicySubject { app: string; context: string; code: string; name?: string }

/** The first matching rule, or undefined (the right stays pending). */
export function decide(policy: Policy, s: PolicySubject): PolicyDecision | undefined {
  for (const r of policy.rules) {
    if (r.matchesRight(s.code, s.name) && r.matchesContext(s.context) && r.matchesApp(s.app)) return { action: r.action, rule: r.index };
  }
  return undefined;
}

/** Reports a problem at a path inside the document (`['rules', 0, 'rights', 1]`). */
export type Report = (path: Array<string | number>, message: string) => void;

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
/** `*` matches any run of characters (also none); everything else literally; anchored. */
export const globRegExp = (glob: string, flags = '') => new RegExp(`^${glob.split('*').map(escape).join('.*')}$`, flags);

/** Why a pattern is not a glob spacectl understands, or undefined. */
export function globProblem(p: string): string | undefined {
  if (!p.trim()) return 'must not be empty';
  if (p.includes('**')) return `"${p}": "**" is not a pattern here; a single * already matches any run of characters`;
  if (/[?[\]{}]/.test(p)) return `"${p}": only * is a wildcard (no ?, [...] or {...})`;
  return undefined;
}

const catalogName = (name: string) => name.replace(/\s*\*$/, '');

/** Compiles the schema-valid document; semantic problems (bad globs, unknown rights, bad contexts) are reported, not thrown. */
export function compilePolicy(doc: PolicyDoc, file: string, report: Report): Policy {
  const rules = doc.rules.map((r, index) => {
    const at = ['rules', index];
    const rights = r.rights.map((p, i) => rightMatcher(p, (m) => report([...at, 'rights', i], m)));
    const contexts = r.contexts?.map((p, i) => contextMatcher(p, (m) => report([...at, 'contexts', i], m)));
    const apps = r.apps?.map((p, i) => {
      const bad = globProblem(p);
      if (bad) report([...at, 'apps', i], bad);
      return globRegExp(p);
    });
    const rule: PolicyRule = {
      index,
      action: r.action,
      matchesRight: (code, name) => rights.some((m) => m(code, name)),
      matchesContext: (context) => !contexts || contexts.some((m) => m(context)),
      matchesApp: (name) => !apps || apps.some((re) => re.test(name)),
    };
    return rule;
  });
  return { file, rules };
}

type RightMatch = (code: string, name?: string) => boolean;

/**
 * A code or name without `*` must be a known right (typos would otherwise silently match nothing); a glob must
 * match at least one known right's code or name. Matching is case-insensitive, as right lookup is elsewhere.
 */
function rightMatcher(p: string, report: (m: string) => void): RightMatch {
  const bad = globProblem(p);
  if (bad) {
    report(bad);
    return () => false;
  }
  if (!p.includes('*')) {
    try {
      const code = resolveRight(p).code;
      return (c) => c === code;
    } catch (e) {
      if (e instanceof DomainError) report(e.message);
      else throw e;
      return () => false;
    }
  }
  const re = globRegExp(p.trim(), 'i');
  const names = new Map(allRights().map((r) => [r.code, catalogName(r.name)]));
  if (![...names].some(([code, name]) => re.test(code) || re.test(name))) report(`"${p}" matches no known right (codes like Project.Issues.View, names like "View issues")`);
  return (code, name) => re.test(code) || (name !== undefined && re.test(catalogName(name))) || re.test(names.get(code) ?? '');
}

const KEY_GLOB = /^[A-Za-z0-9_*-]+$/;

/** `*`, `global`, `project:KEY` or `project:key:KEY` with * in KEY; against compact context strings. */
function contextMatcher(p: string, report: (m: string) => void): (context: string) => boolean {
  const s = p.trim();
  if (s === '*') return () => true;
  const bad = globProblem(s);
  if (bad) {
    report(bad);
    return () => false;
  }
  if (s === 'global') return (c) => c === 'global';
  const m = /^project:(?:key:)?(.+)$/i.exec(s);
  const key = m?.[1];
  if (key === undefined || !KEY_GLOB.test(key) || (!key.includes('*') && !/^[A-Za-z]/.test(key))) {
    report(`"${p}" is not a context: use global, project:KEY (* allowed in KEY, e.g. project:WEB-*) or *`);
    return () => false;
  }
  const re = globRegExp(`project:key:${key}`, 'i');
  return (c) => re.test(c);
}
