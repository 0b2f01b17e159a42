// `$fields` support (Space HTTP API): parse `a,b,c(d,e(f))` into a tree and project responses onto it.
import { validation } from './errors.js';

/** name → sub-selection (null = the whole value). */
export type FieldTree = Map<string, FieldTree | null>;

export function parseFields(input: string): FieldTree {
  let pos = 0;
  const fail = (why: string): never => {
    throw validation(`Malformed $fields '${input}': ${why} at position ${pos}`);
  };
  const list = (depth: number): FieldTree => {
    const tree: FieldTree = new Map();
    for (;;) {
      while (input[pos] === ' ') pos++;
      const m = /^[A-Za-z0-9_*$-]+/.exec(input.slice(pos));
      if (!m) fail('field name expected');
      const name = m![0];
      pos += name.length;
      while (input[pos] === ' ') pos++;
      let sub: FieldTree | null = null;
      if (input[pos] === '(') {
        pos++;
        sub = list(depth + 1);
        if (input[pos] !== ')') fail("')' expected");
        pos++;
        while (input[pos] === ' ') pos++;
      }
      const prev = tree.get(name);
      // `a,a(b)` merges into the widest selection.
      tree.set(name, prev === null || sub === null ? (prev === undefined ? sub : null) : mergeTrees(prev ?? new Map(), sub));
      if (input[pos] === ',') { pos++; continue; }
      if (pos >= input.length || (depth > 0 && input[pos] === ')')) return tree;
      fail(`unexpected '${input[pos]}'`);
    }
  };
  const tree = list(0);
  if (pos !== input.length) fail('trailing characters');
  return tree;
}

function mergeTrees(a: FieldTree, b: FieldTree): FieldTree {
  const out: FieldTree = new Map(a);
  for (const [k, v] of b) {
    const p = out.get(k);
    out.set(k, p === undefined ? v : p === null || v === null ? null : mergeTrees(p, v));
  }
  return out;
}

/** Projects `value` onto `tree`. Entities keep `id` (and polymorphic values keep `className`) regardless. */
export function project(value: unknown, tree: FieldTree | null | undefined): unknown {
  if (!tree || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => project(v, tree));
  if (tree.has('*')) return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if ('id' in src) out.id = src.id;
  if ('className' in src) out.className = src.className;
  for (const [k, sub] of tree) {
    if (k in src) out[k] = project(src[k], sub);
  }
  return out;
}
