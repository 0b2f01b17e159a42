// Where `ssh-key add` gets the key: exactly one of --key, --file, --key-stdin (or a prompt on a TTY).
import fs from 'node:fs';
import path from 'node:path';
import { parsePublicKey, type ParsedKey } from '../../domain/ssh-keys.js';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { readStdin, requireValues } from '../shared/inputs.js';

export interface KeySourceFlags { key?: string; file?: string; keyStdin?: boolean }

export interface KeyInput {
  parsed: ParsedKey;
  /** The file it came from, if any (its name is the fallback comment). */
  file?: string;
}

export async function readKey(f: Factory, flags: KeySourceFlags): Promise<KeyInput> {
  const given = [flags.key !== undefined && '--key', flags.file !== undefined && '--file', flags.keyStdin && '--key-stdin'].filter((x): x is string => Boolean(x));
  if (given.length > 1) throw new UsageError(`give the key once: ${given.join(' and ')} cannot be combined`);
  if (flags.file !== undefined) return { parsed: parsePublicKey(readFile(flags.file), { source: flags.file, file: true }), file: flags.file };
  if (flags.keyStdin) return { parsed: parse(await readStdin(f, '--key-stdin'), 'the key on standard input') };
  const [text] = await requireValues(f, [{
    flag: '--key <text>, --file <path> or --key-stdin',
    value: flags.key,
    ask: () => f.prompter.input({ message: 'Public key (one line: ssh-ed25519 AAAA… comment)', validate: (v) => check(v) }),
  }] as const);
  return { parsed: parse(text, flags.key !== undefined ? '--key' : undefined) };
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`--file ${file}: no such file`, `Public keys usually live in ~/.ssh/*.pub`);
    if (code === 'EISDIR') throw new UsageError(`--file ${file} is a directory; give the .pub file`);
    throw new UsageError(`--file ${file}: ${(e as Error).message}`);
  }
}

function parse(text: string, source: string | undefined): ParsedKey {
  return parsePublicKey(text, source ? { source } : {});
}

function check(text: string): true | string {
  try {
    parsePublicKey(text);
    return true;
  } catch (e) {
    return (e as Error).message;
  }
}

/** `--comment`, else the key's own comment, else the file name, else a fixed marker. */
export function commentFor(input: KeyInput, flag: string | undefined): string {
  const c = flag?.trim() || input.parsed.comment?.trim() || (input.file ? path.basename(input.file) : '');
  return c || 'added by spacectl';
}
