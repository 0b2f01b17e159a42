// Maps a path inside the manifest (["apps", 0, "flows"]) to `file:line:col`, using the YAML node ranges.
// The yaml parser reads JSON too, so JSON manifests get line numbers the same way.
import { isMap, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';

export type PathSeg = string | number;

/** `apps[0].flows.authorizationCode.redirectUris[1]` */
export function formatPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out || '(top level)';
}

/** JSON pointer (`/apps/0/flows`) → segments; numeric segments become numbers. */
export function pointerToPath(pointer: string): PathSeg[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => {
    const t = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(t) ? Number(t) : t;
  });
}

export class Locator {
  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** `file:line:col` of the value at `path`, or of `key` itself inside that map when given (unknown keys). */
  at(path: readonly PathSeg[], key?: string): string {
    let offset: number | undefined;
    if (key !== undefined) {
      const parent = this.node(path);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
        const k = pair?.key as Node | undefined;
        offset = k?.range?.[0];
      }
    }
    // Walk up until a node with a range is found (a missing key points at its parent map).
    for (let n = path.length; offset === undefined && n >= 0; n--) offset = this.node(path.slice(0, n))?.range?.[0];
    const { line, col } = this.lines.linePos(offset ?? 0);
    return `${this.file}:${line}:${col}`;
  }

  private node(path: readonly PathSeg[]): Node | undefined {
    if (path.length === 0) return (this.doc.contents ?? undefined) as Node | undefined;
    const n = this.doc.getIn(path, true) as unknown;
    return n && typeof n === 'object' && 'range' in n ? (n as Node) : undefined;
  }
}
