/**
 * The one help layout of spacectl, in gh's shape: pure data in, text out. No commander, no I/O, no imports.
 *
 * Contract (other code renders help from this without loading commander, e.g. from a build-time description
 * of the command tree): `formatHelp(data: HelpData, o: { width, bold? }) → string`, where HelpData is plain
 * JSON-serialisable data:
 *   description       long description (paragraphs separated by blank lines)
 *   usage             usage lines without the leading "USAGE" title, e.g. ["spacectl app create [flags]"]
 *   commandGroups     [{ title: "COMMANDS", items: [{ term: "create", description: "…" }] }]
 *   arguments         [{ term: "<project-key...>", description }]
 *   options           the command's own flags, [{ term: "-a, --app <ref>", description }]
 *   inheritedOptions  flags of the ancestors (the global flags), same shape
 *   examples          shell lines; a line starting with "#" is a comment, any other is printed as "$ <line>"
 *   sections          extra titled blocks, as items (ENVIRONMENT, EXIT CODES) or free text (NOTES)
 *   learnMore         lines of the LEARN MORE block
 * Section order: description, USAGE, command groups, ARGUMENTS, FLAGS, INHERITED FLAGS, EXAMPLES, sections,
 * LEARN MORE. Empty parts are left out. src/help/commander.ts extracts HelpData from commander objects.
 */
export interface HelpItem { term: string; description: string }
export interface HelpSection { title: string; items?: HelpItem[]; text?: string }
export interface HelpData {
  description: string;
  usage: string[];
  commandGroups: Array<{ title: string; items: HelpItem[] }>;
  arguments: HelpItem[];
  options: HelpItem[];
  inheritedOptions: HelpItem[];
  examples: string[];
  sections: HelpSection[];
  learnMore: string[];
}

export interface FormatOptions {
  /** Terminal columns; text wraps to it (80 when unknown, never below 40). */
  width?: number;
  /** Wrap section titles (e.g. in bold ANSI) when the output stream shows colour. */
  bold?: (title: string) => string;
}

const INDENT = '  ';

/** How section titles are made bold on a stream that shows colour (commander's help and the fast path alike). */
export const HELP_BOLD = (title: string): string => `\u001b[1m${title}\u001b[22m`;

export function formatHelp(data: HelpData, o: FormatOptions = {}): string {
  const width = Math.max(40, o.width && o.width > 0 ? o.width : 80);
  const title = o.bold ?? ((s: string) => s);
  const blocks: string[] = [];
  const block = (name: string, lines: string[]) => {
    if (lines.length) blocks.push([title(name), ...lines].join('\n'));
  };
  if (data.description) blocks.push(wrapParagraphs(data.description, width, ''));
  block('USAGE', data.usage.map((u) => INDENT + u));
  // All command groups share one column, like the flags below.
  const groups = data.commandGroups.map((g) => ({ title: g.title, items: g.items.map((i) => ({ ...i, term: `${i.term}:` })) }));
  const commandColumn = termColumn(groups.flatMap((g) => g.items));
  for (const g of groups) block(g.title, items(g.items, width, commandColumn));
  block('ARGUMENTS', items(data.arguments, width));
  // Flags and inherited flags share one column so the two lists read as one table.
  const flagColumn = termColumn([...data.options, ...data.inheritedOptions]);
  block('FLAGS', items(data.options, width, flagColumn));
  block('INHERITED FLAGS', items(data.inheritedOptions, width, flagColumn));
  block('EXAMPLES', data.examples.map((e) => INDENT + (e.startsWith('#') ? e : `$ ${e}`)));
  for (const s of data.sections) {
    const lines = [...(s.items ? items(s.items, width) : []), ...(s.text ? [wrapParagraphs(s.text, width, INDENT)] : [])];
    block(s.title, lines);
  }
  block('LEARN MORE', data.learnMore.map((l) => wrap(l, width, INDENT, INDENT)).flat());
  return `${blocks.join('\n\n')}\n`;
}

/** An empty HelpData, for building one field by field. */
export function emptyHelp(): HelpData {
  return { description: '', usage: [], commandGroups: [], arguments: [], options: [], inheritedOptions: [], examples: [], sections: [], learnMore: [] };
}

const termColumn = (list: HelpItem[]) => Math.min(36, Math.max(0, ...list.map((i) => i.term.length)));

function items(list: HelpItem[], width: number, column = termColumn(list)): string[] {
  const out: string[] = [];
  for (const { term, description } of list) {
    const head = INDENT + term;
    if (!description) { out.push(head); continue; }
    const pad = INDENT + ' '.repeat(column) + '   ';
    if (term.length > column) {
      // A term wider than the column gets its own line; the description goes below, aligned.
      out.push(head, ...wrap(description, width, pad, pad));
    } else {
      out.push(...wrap(description, width, head.padEnd(pad.length), pad));
    }
  }
  return out;
}

/**
 * Paragraphs (split at blank lines) are reflowed to the width; a line that starts with a space is
 * preformatted (a table, a command) and kept as it is, aligned with the block.
 */
function wrapParagraphs(text: string, width: number, indent: string): string {
  return text.split(/\n\s*\n/).map((p) => {
    const out: string[] = [];
    let flow: string[] = [];
    const flush = () => { if (flow.length) out.push(...wrap(flow.join(' '), width, indent, indent)); flow = []; };
    for (const line of p.split('\n')) {
      // In an indented block the marking spaces (up to two) become the block's indent.
      if (/^\s/.test(line)) { flush(); out.push((indent ? indent + line.replace(/^ {1,2}/, '') : line).trimEnd()); } else flow.push(line);
    }
    flush();
    return out.join('\n');
  }).join('\n\n');
}

/** Greedy word wrap; a word longer than the line is left whole (URLs, flags). */
function wrap(text: string, width: number, first: string, rest: string): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = rest + w;
    } else {
      line += (empty ? '' : ' ') + w;
    }
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}
