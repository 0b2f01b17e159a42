// The adapter between commander and the help layout: reads a Command into HelpData (src/help/format.ts) and
// plugs the formatter into commander, so `--help`, `help <cmd>` and bare groups all print the same layout.
import { Command, type Argument, type Help, type Option } from 'commander';
import { HELP_BOLD, emptyHelp, formatHelp, type HelpData, type HelpItem, type HelpSection } from './format.js';

/** Help content that is not a flag or an argument, kept as plain data beside each command's declaration. */
export interface HelpExtras {
  /** Shell lines run as they are (a test runs every one against the emulator); "#" lines are comments. */
  examples?: string[];
  /** More text after the one-line description. */
  notes?: string;
  sections?: HelpSection[];
  learnMore?: string[];
  /** The heading this command is listed under in its parent's help (default "COMMANDS"). */
  group?: string;
}

const extras = new WeakMap<Command, HelpExtras>();

/** Attach help content to a command; returns the command for chaining. */
export function withHelp<C extends Command>(cmd: C, x: HelpExtras): C {
  extras.set(cmd, { ...extras.get(cmd), ...x });
  return cmd;
}

export const helpExtras = (cmd: Command): HelpExtras => extras.get(cmd) ?? {};

/**
 * A commander Command whose help content is declared in the chain, as data:
 * `.command('x').description(…).examples('spacectl x --json').action(…)`. Subcommands are of this class too.
 */
export class SpaceCommand extends Command {
  override createCommand(name?: string): SpaceCommand {
    return new SpaceCommand(name);
  }

  /** Example command lines (each must work when copied: a test runs them all); "#" lines are comments. */
  examples(...lines: string[]): this {
    return withHelp(this, { examples: [...(helpExtras(this).examples ?? []), ...lines] });
  }

  /** Text shown after the one-line description. */
  notes(text: string): this {
    return withHelp(this, { notes: text.trim() });
  }

  /** Titled block after the examples, e.g. EXIT CODES. */
  section(title: string, text: string): this {
    return withHelp(this, { sections: [...(helpExtras(this).sections ?? []), { title, text: text.replace(/^\n+|\s+$/g, '') }] });
  }

  // Parse errors echo what was typed; what was typed may be a secret in the wrong place. (Commander's own
  // hooks, not in its type declarations.)

  /** An unknown `--flag=value` is named without its value: a secret given to a misspelt flag stays unshown. */
  unknownOption(flag: string): void {
    commanderInternals.unknownOption.call(this, flag.startsWith('--') ? flag.split('=')[0]! : flag);
  }

  /** An unknown command is echoed only when it looks like one, a word: a token pasted in its place is not. */
  unknownCommand(): void {
    if (COMMAND_LIKE.test(this.args[0] ?? '')) return commanderInternals.unknownCommand.call(this);
    this.error('error: unknown command (not shown: it does not look like a command name and might be a secret)', { code: 'commander.unknownCommand' });
  }
}

const COMMAND_LIKE = /^[a-z][a-z-]{0,23}$/i;
const commanderInternals = Command.prototype as unknown as { unknownOption(flag: string): void; unknownCommand(): void };

export const LEARN_MORE = [
  'Use `spacectl <command> <subcommand> --help` for more information about a command.',
  'Exit codes and environment variables: `spacectl --help`.',
  'Space applications: https://www.jetbrains.com/help/space/applications.html',
];

const HELP_FLAG: HelpItem = { term: '-h, --help', description: 'show help for command' };

/** The help of `cmd` as plain data. */
export function helpData(cmd: Command, helper: Help): HelpData {
  const x = helpExtras(cmd);
  const data = emptyHelp();
  const path = commandPath(cmd);
  data.description = [cmd.description(), x.notes].filter(Boolean).join('\n\n');

  const subcommands = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden && c.name() !== 'help');
  const ownOptions = helper.visibleOptions(cmd);
  const isRoot = !cmd.parent;
  const args = helper.visibleArguments(cmd);
  const usage = [path];
  if (subcommands.length) usage.push('<command>');
  const argUsage = (a: Argument) => `${a.name()}${a.variadic ? '...' : ''}`;
  if (args.length) usage.push(...args.map((a) => (a.required ? `<${argUsage(a)}>` : `[${argUsage(a)}]`)));
  if (ownOptions.length) usage.push('[flags]');
  data.usage = [usage.join(' ')];

  const groups = new Map<string, HelpItem[]>();
  for (const c of subcommands) {
    const title = helpExtras(c).group ?? 'COMMANDS';
    groups.set(title, [...(groups.get(title) ?? []), { term: c.name(), description: helper.subcommandDescription(c) }]);
  }
  data.commandGroups = [...groups].map(([title, items]) => ({ title, items }));
  data.arguments = args.filter((a) => a.description).map((a) => ({ term: helper.argumentTerm(a), description: helper.argumentDescription(a) }));

  const isHelp = (o: Option) => o.long === '--help';
  const item = (o: Option): HelpItem => ({ term: helper.optionTerm(o), description: helper.optionDescription(o) });
  data.options = ownOptions.filter((o) => !isHelp(o)).map(item);
  if (isRoot) data.options.push(HELP_FLAG);
  const inherited: HelpItem[] = [];
  for (let a = cmd.parent; a; a = a.parent) inherited.push(...a.options.filter((o) => !o.hidden && o.long !== '--version').map(item));
  if (!isRoot) inherited.push(HELP_FLAG);
  data.inheritedOptions = inherited;

  data.examples = x.examples ?? [];
  data.sections = x.sections ?? [];
  data.learnMore = x.learnMore ?? LEARN_MORE;
  return data;
}

export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Route commander's help through the formatter; set on the root before subcommands are added, so they inherit it. */
export function useHelpFormatter(program: Command): void {
  program.configureHelp({
    // Commander strips the ANSI codes again when the stream shows no colour (configureOutput's getOutHasColors).
    formatHelp: (cmd, helper) => formatHelp(helpData(cmd, helper), { width: helper.helpWidth, bold: HELP_BOLD }),
  });
}
