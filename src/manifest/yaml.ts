// Reading a YAML (or JSON) document that a user wrote: syntax errors located as `file:line:col`, and a document
// that expands into too much (the "billion laughs" of nested aliases) refused as the user's input, not a crash.
// Shared by the manifest and the approval-policy loaders.
import { LineCounter, parseDocument, type Document } from 'yaml';

export interface ReadYaml {
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

/**
 * Most alias expansions a document may make (yaml's `maxAliasCount`): generous for rights lists reused with
 * `*anchor`, far below what a nested-alias bomb needs, so it is refused after little work.
 */
const MAX_ALIAS_COUNT = 10_000;

/** Parses `text`; every problem is handed to `fail` as `file:line:col: message` lines (it returns the error to throw). */
export function readYaml(text: string, file: string, fail: (problems: string[]) => Error): ReadYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw fail(doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      // yaml says only "Map keys must be unique": name the key, which is what the reader looks for.
      const message = e.code === 'DUPLICATE_KEY'
        ? `duplicate key ${duplicateKeyAt(text, e.pos[0])}: each key may appear once in a map`
        : e.message.split('\n')[0]!;
      return `${file}:${line}:${col}: ${message}`;
    }));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    throw fail([`${file}: YAML aliases (*name) expand into too much (more than ${MAX_ALIAS_COUNT} expansions): refused; write the values out or reuse fewer nested anchors`]);
  }
  return { doc, lines, data };
}

/** The key that starts at `offset` (yaml's error range covers only its first character). */
function duplicateKeyAt(text: string, offset: number): string {
  const m = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:\n]*?)\s*:/.exec(text.slice(offset, offset + 200));
  const key = m?.[1]?.trim();
  return key ? (/^["']/.test(key) ? key : `"${key}"`) : 'in this map';
}
