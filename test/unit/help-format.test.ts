import { emptyHelp, formatHelp } from '../../src/help/format.js';

describe('formatHelp: the one help layout', () => {
  const data = {
    ...emptyHelp(),
    description: 'Do a thing.',
    usage: ['spacectl thing <command> [flags]'],
    commandGroups: [{ title: 'COMMANDS', items: [{ term: 'make', description: 'make one' }, { term: 'remove', description: 'remove one' }] }],
    options: [{ term: '-a, --app <ref>', description: 'the application' }],
    inheritedOptions: [{ term: '--json', description: 'print one JSON document on stdout' }],
    examples: ['# a comment', 'spacectl thing make --app x'],
    sections: [{ title: 'EXIT CODES', items: [{ term: '0', description: 'ok' }] }],
    learnMore: ['Read the docs.'],
  };

  test('sections in gh order, examples as "$ " lines, empty parts left out', () => {
    const text = formatHelp(data, { width: 80 });
    const titles = text.split('\n').filter((l) => /^[A-Z][A-Z ]+$/.test(l));
    expect(titles).toEqual(['USAGE', 'COMMANDS', 'FLAGS', 'INHERITED FLAGS', 'EXAMPLES', 'EXIT CODES', 'LEARN MORE']);
    expect(text).toMatch(/^Do a thing\.\n\nUSAGE\n {2}spacectl thing <command> \[flags\]\n/);
    expect(text).toContain('\n  # a comment\n  $ spacectl thing make --app x\n');
    expect(text).toContain(`\n  make:${' '.repeat(5)}make one\n  remove:${' '.repeat(3)}remove one\n`);
    expect(text).not.toContain('ARGUMENTS');
  });

  test('flags and inherited flags share one column; long descriptions wrap to the width, aligned', () => {
    const text = formatHelp({ ...data, options: [{ term: '-a, --app <ref>', description: 'word '.repeat(30).trim() }] }, { width: 60 });
    const lines = text.split('\n');
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    const col = (l: string | undefined) => (l ?? '').search(/\S/);
    const first = lines.findIndex((l) => l.startsWith('  -a, --app <ref>'));
    expect(lines[first]!.indexOf('word')).toBe(col(lines[first + 1]));
    expect(lines.find((l) => l.startsWith('  --json'))!.indexOf('print')).toBe(lines[first]!.indexOf('word'));
  });

  test('a bold function styles the titles only', () => {
    const text = formatHelp(data, { width: 80, bold: (s) => `*${s}*` });
    expect(text).toContain('*USAGE*');
    expect(text).toContain('*LEARN MORE*');
    expect(text).not.toContain('*Do');
  });
});
