// Space identifiers as the wire writes them (Space HTTP API): compact strings in paths, queries and JSON bodies.
// The OpenAPI models them as `className` objects; nothing in spacectl ever sends that form.
import { UsageError } from '../errors.js';

/** `{application}`: `id:…`, `clientId:…` or `me`. A bare name is not an identifier (resolve it by listing). */
export type AppIdentifier = `id:${string}` | `clientId:${string}` | 'me';

/** `contextIdentifier`: where rights live. */
export type Context = { kind: 'global' } | { kind: 'project'; key: string };
export const GLOBAL: Context = { kind: 'global' };

export function appId(id: string): AppIdentifier {
  return `id:${id}`;
}

/** Percent-encode the value, keep the `prefix:` literal (Space HTTP API). */
export function pathId(identifier: string): string {
  if (identifier === 'me' || identifier === 'global') return identifier;
  const i = identifier.indexOf(':');
  if (i < 0) return encodeURIComponent(identifier);
  return `${identifier.slice(0, i)}:${encodeURIComponent(identifier.slice(i + 1))}`;
}

const PROJECT_KEY = /^[A-Z][A-Z0-9_-]*$/i;

export function projectKey(input: string, flag = '--project'): string {
  const key = input.trim().replace(/^key:/, '');
  if (!PROJECT_KEY.test(key)) throw new UsageError(`${flag} "${input}" is not a project key (letters, digits, - and _, starting with a letter, e.g. BACKEND)`);
  return key.toUpperCase();
}

export function projectIdentifier(key: string): string {
  return `key:${key}`;
}

/** The compact context string: `global` or `project:key:KEY`. */
export function contextString(c: Context): string {
  return c.kind === 'global' ? 'global' : `project:key:${c.key}`;
}

export function projectContext(key: string): Context {
  return { kind: 'project', key };
}

/** Accepts `global`, `project:key:KEY`, `key:KEY` or a bare project key. */
export function parseContext(input: string): Context {
  const s = input.trim();
  if (s === 'global') return GLOBAL;
  const m = /^project:key:(.+)$/.exec(s);
  return projectContext(projectKey(m ? m[1]! : s, 'context'));
}

export function contextLabel(c: Context): string {
  return c.kind === 'global' ? 'global' : `project ${c.key}`;
}

/**
 * A right code from a RightDTO. Space sends a plain string; tolerate the spec's object form
 * (`{className: 'PermissionIdentifier.X'}`, sometimes with an `id`/`code`) per the Space HTTP API
 */
export function rightCodeOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k of ['code', 'id', 'value']) if (typeof o[k] === 'string') return o[k] as string;
    if (typeof o.className === 'string') return o.className.replace(/^PermissionIdentifier\./, '');
  }
  return String(value);
}

/** Space's PermissionContextApi → Context (tolerant of unknown kinds, which are skipped by callers). */
export function contextOf(api: { className?: string; project?: { key?: { key?: string } | string } }): Context | undefined {
  if (api.className === 'GlobalPermissionContext') return GLOBAL;
  if (api.className === 'ProjectPermissionContext') {
    const k = typeof api.project?.key === 'string' ? api.project.key : api.project?.key?.key;
    if (k) return projectContext(k);
  }
  return undefined;
}
