// The Space 2023.2 rights catalog (data/rights-catalog.json) and the per-operation rights
// (data/endpoint-rights.json): lookup by code or name with suggestions, search, and "which rights does
// this API call need".
import { readFileSync } from 'node:fs';
import { DomainError } from './errors.js';
import { ellipsize, levenshtein } from './text.js';

/**
 * Levels as recorded in the catalog. A trailing `?` marks an inferred (UNCONFIRMED) level:
 * `project?` probably project-scoped, `global-or-project?` possibly either.
 */
export type RightLevel = 'global' | 'project' | 'project?' | 'global-or-project?' | 'channel';

export interface Right {
  code: string;
  name: string;
  group: string;
  level: RightLevel;
  /** false when `name` was derived from the code rather than taken from Space's own title. */
  nameFromSpace: boolean;
}

export interface Operation {
  method: string;
  path: string;
  summary: string;
  rights: string[];
  rightCodes: string[];
}

export interface OperationRights {
  method: string;
  /** The path template as in the API spec, relative to /api/http (e.g. `/projects/{project}/planning/issues`). */
  path: string;
  summary: string;
  rights: Right[];
}

// Lazy, cached loading: the JSON sits next to src/ and dist/ alike (../../data from src/domain or dist/domain).
let rightsCache: Right[] | undefined;
let operationsCache: Operation[] | undefined;
let defaultIndex: RightsIndex | undefined;

function loadJson<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8')) as T;
}

export function allRights(): Right[] {
  rightsCache ??= loadJson<{ rights: Right[] }>('rights-catalog.json').rights;
  return rightsCache;
}

export function allOperations(): Operation[] {
  operationsCache ??= loadJson<{ operations: Operation[] }>('endpoint-rights.json').operations;
  return operationsCache;
}

function index(): RightsIndex {
  defaultIndex ??= new RightsIndex(allRights());
  return defaultIndex;
}

/**
 * Rights grantable in a `project:` context. Includes the UNCONFIRMED `project?` and `global-or-project?`
 * levels: refusing them locally could block a legitimate request, while a wrong guess is simply rejected
 * by the server. Global-only and channel rights are excluded.
 */
export function isProjectLevel(right: Right): boolean {
  return right.level === 'project' || right.level === 'project?' || right.level === 'global-or-project?';
}

/** Rights that live at organization level (`global`, and `global-or-project?`). */
export function isGlobalLevel(right: Right): boolean {
  return right.level === 'global' || right.level === 'global-or-project?';
}

export function resolveRight(input: string): Right {
  return index().resolve(input);
}

/** Whether `code` is exactly a right code of the catalog (a newer server may hold others). */
export function isKnownRightCode(code: string): boolean {
  return index().knows(code);
}

export function resolveRights(inputs: string[]): Right[] {
  return index().resolveAll(inputs);
}

export interface RightsSearch {
  search?: string;
  /** 'global' → isGlobalLevel, 'project' → isProjectLevel, 'channel' → channel rights. */
  level?: 'global' | 'project' | 'channel';
}

export function searchRights(query: RightsSearch = {}): Right[] {
  return index().search(query);
}

/** Lowercase, collapse whitespace, drop a trailing ` *` (the catalog's "derived name" marker). */
function normalizeName(s: string): string {
  return s.trim().replace(/\s*\*$/, '').replace(/\s+/g, ' ').toLowerCase();
}

/** Pure lookup structure over a list of rights (exported so it can be tested with synthetic data). */
export class RightsIndex {
  private readonly byCode = new Map<string, Right>();
  private readonly byCodeLower = new Map<string, Right>();
  private readonly byName = new Map<string, Right[]>();

  constructor(readonly rights: readonly Right[]) {
    for (const r of rights) {
      this.byCode.set(r.code, r);
      this.byCodeLower.set(r.code.toLowerCase(), r);
      const key = normalizeName(r.name);
      this.byName.set(key, [...(this.byName.get(key) ?? []), r]);
    }
  }

  /** The right, or an error message (so resolveAll can collect several). */
  private lookup(input: string): Right | { error: string } {
    const trimmed = input.trim();
    const exact = this.byCode.get(trimmed) ?? this.byCodeLower.get(trimmed.toLowerCase());
    if (exact) return exact;
    const named = this.byName.get(normalizeName(trimmed));
    if (named?.length === 1) return named[0] as Right;
    if (named && named.length > 1) {
      return { error: `right name "${trimmed}" is ambiguous; use one of the codes ${named.map((r) => r.code).join(', ')}` };
    }
    const hints = this.suggest(trimmed);
    return { error: `unknown right "${ellipsize(trimmed)}"${hints.length ? `; did you mean ${hints.join(', ')}?` : ''}` };
  }

  knows(code: string): boolean {
    return this.byCode.has(code);
  }

  resolve(input: string): Right {
    const r = this.lookup(input);
    if ('error' in r) throw new DomainError(r.error, RIGHTS_HINT);
    return r;
  }

  /** Resolve several inputs; duplicates are dropped (first occurrence wins) and all failures reported at once. */
  resolveAll(inputs: string[]): Right[] {
    const out: Right[] = [];
    const seen = new Set<string>();
    const errors: string[] = [];
    for (const input of inputs) {
      const r = this.lookup(input);
      if ('error' in r) errors.push(r.error);
      else if (!seen.has(r.code)) {
        seen.add(r.code);
        out.push(r);
      }
    }
    if (errors.length === 1) throw new DomainError(errors[0] as string, RIGHTS_HINT);
    if (errors.length > 1) throw new DomainError(`${errors.length} rights not recognized: ${errors.join('; ')}`, RIGHTS_HINT);
    return out;
  }

  search({ search, level }: RightsSearch = {}): Right[] {
    const needle = search?.trim().toLowerCase();
    return this.rights.filter((r) => {
      if (level === 'project' && !isProjectLevel(r)) return false;
      if (level === 'global' && !isGlobalLevel(r)) return false;
      if (level === 'channel' && r.level !== 'channel') return false;
      if (!needle) return true;
      return [r.code, r.name, r.group].some((s) => s.toLowerCase().includes(needle));
    });
  }

  /** Up to `max` codes close to `input`: substring matches first, then by edit distance (code or name). */
  suggest(input: string, max = 3): string[] {
    const q = input.trim().toLowerCase();
    const qName = normalizeName(input);
    if (!q) return [];
    const scored = this.rights.map((r) => {
      const code = r.code.toLowerCase();
      const name = normalizeName(r.name);
      const substring = q.length >= 3 && (code.includes(q) || name.includes(qName));
      const dist = Math.min(levenshtein(q, code), levenshtein(qName, name));
      return { code: r.code, substring, dist };
    });
    // Edit-distance suggestions only when reasonably close; a random list would be noise.
    const limit = Math.max(2, Math.floor(q.length * 0.4));
    return scored
      .filter((s) => s.substring || s.dist <= limit)
      .sort((a, b) => Number(b.substring) - Number(a.substring) || a.dist - b.dist || a.code.localeCompare(b.code))
      .slice(0, max)
      .map((s) => s.code);
  }
}

const RIGHTS_HINT = 'Rights are given by code (e.g. Project.Issues.View) or by name (e.g. "View issues").';

// ---------------------------------------------------------------------------------------------------------
// Operation → rights

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Segment matcher of a path template: literal, `{param}`, or `prefix:{param}` (Space's compact identifiers). */
type Seg = { kind: 'literal'; text: string } | { kind: 'param' } | { kind: 'prefixed'; prefix: string };

function compileTemplate(path: string): Seg[] {
  return splitPath(path).map((s): Seg => {
    if (/^\{[^}]+\}$/.test(s)) return { kind: 'param' };
    const m = /^([^{}]+:)\{[^}]+\}$/.exec(s);
    if (m) return { kind: 'prefixed', prefix: (m[1] as string).toLowerCase() };
    return { kind: 'literal', text: s.toLowerCase() };
  });
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/**
 * Per-segment specificity when `input` fills template segment `seg` (2 literal, 1 prefixed, 0 param), or -1.
 * An input segment written as a placeholder (`{x}` / `key:{x}`) only fills a placeholder.
 */
function segmentScore(seg: Seg, input: string): number {
  const lower = input.toLowerCase();
  const placeholder = /\{[^}]*\}$/.test(input);
  switch (seg.kind) {
    case 'literal':
      return !placeholder && lower === seg.text ? 2 : -1;
    case 'prefixed':
      return lower.startsWith(seg.prefix) && lower.length > seg.prefix.length ? 1 : -1;
    case 'param':
      return 0;
  }
}

function matchScore(template: Seg[], input: string[]): number[] | undefined {
  if (template.length !== input.length) return undefined;
  const scores: number[] = [];
  for (let i = 0; i < template.length; i++) {
    const s = segmentScore(template[i] as Seg, input[i] as string);
    if (s < 0) return undefined;
    scores.push(s);
  }
  return scores;
}

/** Lexicographic: literal segments further left win (so `/projects/automation/…` beats `/projects/{project}/…`). */
function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** Normalize a user-typed path: drop scheme/host, `/api/http`, query, fragment, trailing slash. */
export function normalizeApiPath(raw: string): string {
  let p = raw.trim().replace(/[?#].*$/, '');
  p = p.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '');
  if (!p.startsWith('/')) p = `/${p}`;
  p = p.replace(/^\/api\/http(?=\/|$)/i, '');
  p = p.replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

/** Segment-level edit distance used to rank "did you mean" operations (a fitting segment costs 0). */
function pathDistance(template: Seg[], templatePath: string, input: string[]): number {
  const t = splitPath(templatePath);
  const n = t.length;
  const m = input.length;
  const d = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const tSeg = t[i - 1] as string;
      const iSeg = input[j - 1] as string;
      const fits = segmentScore(template[i - 1] as Seg, iSeg) >= 0;
      const sub = fits ? 0 : Math.min(1, levenshtein(tSeg.toLowerCase(), iSeg.toLowerCase()) / Math.max(tSeg.length, iSeg.length));
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + sub);
    }
  }
  return (d[n] as number[])[m] as number;
}

/**
 * The rights Space lists for one API operation. `spec` is `"<METHOD> <path>"`; the path may be a template
 * or contain concrete values (`/projects/key:ABC/planning/issues`), a `/api/http` prefix, a query string,
 * a trailing slash, or be a full URL.
 */
export function rightsForOperation(spec: string): OperationRights {
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(spec);
  const method = m?.[1]?.toUpperCase();
  if (!m || !method || !(METHODS as readonly string[]).includes(method)) {
    const what = !m ? `"${ellipsize(spec.trim())}" is not an operation` : `unknown HTTP method "${ellipsize(m[1] as string, 20)}"`;
    throw new DomainError(
      `${what}; expected "<METHOD> <path>" with METHOD one of ${METHODS.join(', ')}, e.g. "GET /projects/{project}/planning/issues"`,
    );
  }
  const path = normalizeApiPath(m[2] as string);
  const input = splitPath(path);
  const ops = allOperations();

  let best: { op: Operation; score: number[] } | undefined;
  const otherMethods = new Set<string>();
  for (const op of ops) {
    const score = matchScore(compileTemplate(op.path), input);
    if (!score) continue;
    if (op.method !== method) {
      otherMethods.add(op.method);
      continue;
    }
    if (!best || compareScores(score, best.score) > 0) best = { op, score };
  }

  if (!best) {
    if (otherMethods.size > 0) {
      throw new DomainError(`no ${method} operation at ${path}; that path exists for ${[...otherMethods].join(', ')}`);
    }
    const near = ops
      .filter((op) => op.method === method)
      .map((op) => ({ op, d: pathDistance(compileTemplate(op.path), op.path, input) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map((x) => `${x.op.method} ${x.op.path}`);
    throw new DomainError(`no API operation matches ${method} ${ellipsize(path, 80)}; closest: ${near.join(', ')}`);
  }

  const catalog = index();
  return {
    method: best.op.method,
    path: best.op.path,
    summary: best.op.summary,
    // Data consistency (every code is in the catalog) is checked by the tests.
    rights: best.op.rightCodes.map((code) => catalog.resolve(code)),
  };
}
