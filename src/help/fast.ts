// Help without loading the world: bin/spacectl.cjs answers `spacectl`, `spacectl <group>` and `… --help` from
// dist/help.json — the help data of every command, extracted at build time from the real commander tree
// (src/help/tree.ts) — through the formatter commander's help uses, so the text is the same and cannot go
// stale. This file is bundled into dist/help.cjs (no commander, no ES module loader); when argv asks anything
// but help, helpFor returns undefined and the CLI runs as usual. test/e2e/help-fast.test.ts compares the two.
import { HELP_BOLD, formatHelp, type HelpData } from './format.js';

export { colorFor } from '../io/io.js';

/** One command: its help, and its subcommands by name and alias (values are keys of the tree). */
export interface HelpNode { help: HelpData; children: Record<string, string> }
/** Every command by its path below the root: '' is `spacectl`, 'app create' is `spacectl app create`. */
export type HelpTree = Record<string, HelpNode>;

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * The help text `argv` asks for — command words then -h/--help, or a bare group (whose help gh prints) — or
 * undefined when argv asks anything else. Width and colour are the caller's, decided as main() decides them
 * for commander: stdout's columns (80 when not a terminal), colour by stdout's TTY and NO_COLOR & co.
 */
export function helpFor(argv: readonly string[], tree: HelpTree, o: { width: number; color: boolean }): string | undefined {
  const flag = argv.length > 0 && HELP_FLAGS.has(argv[argv.length - 1]!);
  const words = flag ? argv.slice(0, -1) : argv;
  let key = '';
  for (const w of words) {
    const next = tree[key]?.children[w];
    if (next === undefined) return undefined;
    key = next;
  }
  const node = tree[key];
  if (!node || (!flag && Object.keys(node.children).length === 0)) return undefined;
  return formatHelp(node.help, { width: o.width, bold: o.color ? HELP_BOLD : undefined });
}
