// `spacectl __complete`: what may come next, from the command tree itself (commands, flags, choices), the
// bundled rights catalog, and the server (app names, project keys) within a time box, so a slow or absent
// server never blocks the shell. Prints one candidate a line, or `:files` for file names; never an error.
import type { Command, Option } from 'commander';
import type { Factory } from '../../factory.js';

export type Dynamic = 'apps' | 'projects' | 'rights' | 'profiles';
export interface Wanted { values: string[]; dynamic?: Dynamic; files?: boolean }

const FLOWS = ['client-credentials', 'authorization-code', 'code', 'implicit'];
const FILE_OPTIONS = new Set(['file', 'output', 'secret-file', 'input', 'journal', 'state']);
const VALUE_KINDS: Record<string, Dynamic> = { app: 'apps', project: 'projects', right: 'rights', profile: 'profiles' };
/** Positional arguments that take known values, by command path. */
const ARGUMENTS: Record<string, Dynamic | string[]> = {
  'completion': ['bash', 'zsh', 'fish', 'powershell'],
  'flow enable': FLOWS,
  'flow disable': FLOWS,
  'project add': 'projects',
  'project remove': 'projects',
  'rights request': 'rights',
  'profile use': 'profiles',
  'profile show': 'profiles',
  'profile remove': 'profiles',
};

const visible = (c: Command) => !(c as unknown as { _hidden?: boolean })._hidden;
// The command's own options first, then those it inherits.
const optionsOf = (chain: Command[]): Option[] => [...chain].reverse().flatMap((c) => c.options as Option[]).filter((o) => !o.hidden);
const matches = (o: Option, word: string) => o.long === word || o.short === word;

/** Pure: given the program and the words after `spacectl` (the last one being completed), what fits. */
export function wanted(program: Command, words: string[]): Wanted {
  const current = words.at(-1) ?? '';
  const done = words.slice(0, -1);
  const chain: Command[] = [program];
  let positionals = 0;
  for (let i = 0; i < done.length; i++) {
    const w = done[i]!;
    const cmd = chain.at(-1)!;
    if (w === '--') continue;
    if (w.startsWith('-')) {
      const o = optionsOf(chain).find((x) => matches(x, w.split('=')[0]!));
      if (o && (o.required || o.optional) && !w.includes('=')) i++;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (sub && positionals === 0) chain.push(sub);
    else positionals++;
  }
  const cmd = chain.at(-1)!;
  const path = chain.slice(1).map((c) => c.name()).join(' ');

  // The value of an option?
  const prev = done.at(-1);
  if (prev?.startsWith('-') && !prev.includes('=')) {
    const o = optionsOf(chain).find((x) => matches(x, prev));
    if (o && (o.required || o.optional)) return valuesOf(o, current);
  }
  if (current.startsWith('-')) {
    const names = optionsOf(chain).flatMap((o) => (o.long ? [o.long] : []));
    return { values: filter([...new Set([...names, ...(cmd === program ? [] : ['--help'])])], current) };
  }
  const subs = cmd.commands.filter(visible).map((c) => c.name());
  if (subs.length && positionals === 0) return { values: filter(subs, current) };
  const arg = ARGUMENTS[path];
  if (Array.isArray(arg)) return { values: filter(arg, current) };
  if (arg) return { values: [], dynamic: arg };
  return { values: [] };
}

function valuesOf(o: Option, current: string): Wanted {
  const name = o.long?.replace(/^--/, '') ?? '';
  if (o.argChoices?.length) return { values: filter(o.argChoices, current) };
  if (FILE_OPTIONS.has(name)) return { values: [], files: true };
  const dynamic = VALUE_KINDS[name];
  return dynamic ? { values: [], dynamic } : { values: [] };
}

const filter = (list: string[], prefix: string) => list.filter((x) => x.startsWith(prefix));

export async function completeCommand(program: Command, args: string[], f: Factory): Promise<void> {
  const words = args[0] === '--' ? args.slice(1) : args;
  if (!words.length) words.push('');
  let out: string[] = [];
  try {
    const w = wanted(program, words);
    if (w.files) {
      f.io.out.write(':files\n');
      return;
    }
    out = w.values;
    if (w.dynamic) out = filter(await lookup(w.dynamic, words.at(-1) ?? '', f), words.at(-1) ?? '');
  } catch {
    // Completion must never print an error into the user's command line.
    out = [];
  }
  if (out.length) f.io.out.write(`${[...new Set(out)].join('\n')}\n`);
}

async function lookup(kind: Dynamic, prefix: string, f: Factory): Promise<string[]> {
  if (kind === 'rights') {
    const { allRights } = await import('../../domain/rights-catalog.js');
    return allRights().map((r) => r.code).sort();
  }
  if (kind === 'profiles') return Object.keys((await f.config()).list()).sort();
  const budget = Number(f.env.SPACECTL_COMPLETE_TIMEOUT_MS) > 0 ? Number(f.env.SPACECTL_COMPLETE_TIMEOUT_MS) : 1500;
  const { fetchNames } = await import('./remote.js');
  return fetchNames(f, kind, prefix, budget);
}
