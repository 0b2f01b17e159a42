// Build time: the help data of every command of the real commander tree, for the fast path (src/help/fast.ts).
import type { Command } from 'commander';
import { helpData } from './commander.js';
import type { HelpTree } from './fast.js';

export function helpTree(program: Command): HelpTree {
  const tree: HelpTree = {};
  const walk = (cmd: Command, key: string) => {
    const children: Record<string, string> = {};
    for (const sub of cmd.commands) {
      // A command that turned its help flag off (`__complete` takes --help as a word to complete) is left to commander.
      if (!sub.createHelp().visibleOptions(sub).some((o) => o.long === '--help')) continue;
      const k = key ? `${key} ${sub.name()}` : sub.name();
      for (const name of [sub.name(), ...sub.aliases()]) children[name] = k;
      walk(sub, k);
    }
    tree[key] = { help: helpData(cmd, cmd.createHelp()), children };
  };
  walk(program, '');
  return tree;
}
