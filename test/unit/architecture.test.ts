// Architecture guard: the layers below src/commands never import from it, and no command group imports
// another group (src/commands/shared/ and the top-level files of src/commands are shared on purpose).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Layers that must not depend on src/commands. */
const LAYERS = ['manifest', 'services', 'api', 'domain', 'config', 'io', 'emulator'].map((d) => `src/${d}/`);

/** Known violations, paths relative to the repository root (`from -> to`). Delete a line when it is fixed. */
const ALLOWED = new Set<string>([
]);

interface Edge { from: string; to: string }

/** The command group of a path (`src/commands/<group>/…`), or undefined for files directly in src/commands. */
function commandGroup(p: string): string | undefined {
  const m = /^src\/commands\/([^/]+)\//.exec(p);
  return m?.[1];
}

/** Why an import edge breaks the layering, or undefined if it is fine. Pure: paths are repository-relative. */
function violation({ from, to }: Edge): string | undefined {
  if (!to.startsWith('src/commands/')) return undefined;
  const layer = LAYERS.find((l) => from.startsWith(l));
  if (layer) return `${layer} must not import from src/commands/`;
  const fromGroup = commandGroup(from);
  const toGroup = commandGroup(to);
  if (fromGroup && toGroup && toGroup !== 'shared' && toGroup !== fromGroup) {
    return `command group "${fromGroup}" must not import command group "${toGroup}"`;
  }
  return undefined;
}

/** Checks every edge; returns the offending lines and the allowlist entries that no longer occur. */
function check(edges: Edge[], allowed: ReadonlySet<string>): { errors: string[]; stale: string[] } {
  const errors: string[] = [];
  const used = new Set<string>();
  for (const e of edges) {
    const why = violation(e);
    if (!why) continue;
    const key = `${e.from} -> ${e.to}`;
    if (allowed.has(key)) used.add(key);
    else errors.push(`${key}: ${why}`);
  }
  return { errors, stale: [...allowed].filter((k) => !used.has(k)) };
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every relative import (static, dynamic, type-only, re-export) of src/**\/*.ts, as repository-relative edges. */
function importEdges(): Edge[] {
  const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join('/');
  return sourceFiles(path.join(ROOT, 'src')).flatMap((file) => {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    return info.importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => ({ from: rel(file), to: rel(path.resolve(path.dirname(file), s)).replace(/\.js$/, '.ts') }));
  });
}

describe('architecture', () => {
  test('no layer below src/commands imports it, and no command group imports another', () => {
    const edges = importEdges();
    expect(edges.length).toBeGreaterThan(100); // the scan really saw the code
    const { errors, stale } = check(edges, ALLOWED);
    const report = [
      ...errors.map((e) => `forbidden import: ${e}`),
      ...stale.map((s) => `allowlist entry no longer needed (delete it from test/unit/architecture.test.ts): ${s}`),
    ];
    expect(report).toEqual([]);
  });

  test('the checker flags each kind of forbidden import and nothing else (synthetic edges)', () => {
    const edges: Edge[] = [
      { from: 'src/manifest/live.ts', to: 'src/commands/shared/app-ref.ts' },
      { from: 'src/services/rights/plan.ts', to: 'src/commands/define.ts' },
      { from: 'src/emulator/server.ts', to: 'src/commands/emulator/start.ts' },
      { from: 'src/commands/project/add.ts', to: 'src/commands/rights/inputs.ts' },
      // allowed:
      { from: 'src/commands/project/add.ts', to: 'src/commands/shared/inputs.ts' },
      { from: 'src/commands/project/add.ts', to: 'src/commands/project/view.ts' },
      { from: 'src/commands/project/add.ts', to: 'src/commands/define.ts' },
      { from: 'src/commands/project/add.ts', to: 'src/services/rights/plan.ts' },
      { from: 'src/program.ts', to: 'src/commands/project/index.ts' },
      { from: 'src/manifest/diff.ts', to: 'src/domain/ids.ts' },
    ];
    const allowed = new Set(['src/commands/project/add.ts -> src/commands/rights/inputs.ts', 'src/io/x.ts -> src/commands/y/z.ts']);
    expect(check(edges, allowed)).toEqual({
      errors: [
        'src/manifest/live.ts -> src/commands/shared/app-ref.ts: src/manifest/ must not import from src/commands/',
        'src/services/rights/plan.ts -> src/commands/define.ts: src/services/ must not import from src/commands/',
        'src/emulator/server.ts -> src/commands/emulator/start.ts: src/emulator/ must not import from src/commands/',
      ],
      stale: ['src/io/x.ts -> src/commands/y/z.ts'],
    });
    expect(check(edges, new Set()).errors).toContain(
      'src/commands/project/add.ts -> src/commands/rights/inputs.ts: command group "project" must not import command group "rights"',
    );
  });
});

describe('one interrupt path', () => {
  // Ctrl+C belongs to main(): commands stop on io.signal and hold it with io.hold; a SIGINT listener of their
  // own would race main's (rights review once had one, and its "let the PATCH finish" never happened).
  // The emulator server is a long-running process of its own and may stop on SIGTERM.
  test('only src/main.ts listens for SIGINT', () => {
    const listeners = sourceFiles(path.join(ROOT, 'src'))
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
      .filter((f) => f !== 'src/main.ts' && /process\.(on|once|addListener|prependListener)\(\s*['"]SIGINT['"]/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(listeners).toEqual([]);
  });
});
