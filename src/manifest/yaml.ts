// Reading a YAML (or JSON) document that a user wrote: syntax errors located as `file:line:col`, and a document
// that expands into too much (the "billion laughs" of nested aliases) refused as the user's input, not a crash.
// Shared by the manifest and the approval-policy loaders.
import fs from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { UsageError } from '../errors.js';

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

/**
 * The most a manifest or policy file may hold: an organization of thousands of apps is a few MiB, while reading
 * (and parsing) far more takes minutes and gigabytes; `/dev/zero` or an endless pipe would never end.
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** A file too large to be what it should be (a secret, a key, a manifest). */
export class TooLargeError extends Error {}

/** Reads at most `max` bytes of `file`, whatever it is (a pipe, a device, /dev/stdin); more is a TooLargeError. */
export function readBounded(file: string, max: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.fstatSync(fd).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw new TooLargeError(`larger than ${max >= 1024 * 1024 ? `${max / (1024 * 1024)} MiB` : `${max / 1024} KiB`}`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Why a file could not be read, in a few words. */
export const readFailure = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
};

/** Reads a manifest or policy the user named (`flag file`), at most MAX_INPUT_BYTES. */
export function readInputFile(file: string, flag: string, max = MAX_INPUT_BYTES): string {
  try {
    return readBounded(file, max);
  } catch (e) {
    const hint = e instanceof TooLargeError ? ', the most spacectl reads; split it (`spacectl app export --all --output <dir>/` writes one file per app)' : '';
    throw new UsageError(`${flag} ${file}: ${readFailure(e)}${hint}`);
  }
}
