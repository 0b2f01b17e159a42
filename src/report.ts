// The single top-level error handler: an error in, a message on stderr and an exit code out.
import { DomainError } from './domain/errors.js';
import { CliError, ExitCode, exitCodeFor } from './errors.js';
import type { IO } from './io/io.js';
import { scrubKnown } from './api/redact.js';

interface CommanderLike { code: string; exitCode: number; message: string }
const isCommanderError = (e: unknown): e is CommanderLike =>
  e instanceof Error && typeof (e as unknown as CommanderLike).code === 'string' && (e as unknown as CommanderLike).code.startsWith('commander.');

export function reportError(io: IO, e: unknown, o: { verbose: boolean; jsonPrinted: boolean }): number {
  if (isCommanderError(e)) {
    // Help and version are not errors; commander already printed its own message for parse errors.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return ExitCode.Ok;
    if (e.code === 'commander.executeSubCommandAsync') return e.exitCode;
    return ExitCode.Usage;
  }
  const ours = e instanceof CliError || e instanceof DomainError;
  const code = exitCodeFor(e);
  // Every secret the run has seen is masked here, whatever path the text took (server echoes, stacks, causes).
  const message = scrubKnown(e instanceof Error ? e.message : String(e));
  const hint = ours && e.hint ? scrubKnown(e.hint) : undefined;
  if (message) io.err.write(`error: ${message}\n`);
  if (hint) io.err.write(`hint: ${hint}\n`);
  if (!ours) {
    // Not one of ours: a bug. Show the stack only when asked, never by default.
    if (o.verbose && e instanceof Error && e.stack) io.err.write(`${scrubKnown(e.stack)}\n`);
    else io.err.write('This looks like a bug in spacectl; run again with --verbose for details.\n');
  }
  if (io.json && !o.jsonPrinted && message) {
    io.out.write(`${JSON.stringify({ error: { message, exitCode: code, ...(hint ? { hint } : {}), ...errorCode(e) } }, null, 2)}\n`);
  }
  return code;
}

function errorCode(e: unknown): { code?: string } {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'string' ? { code: c } : {};
}
