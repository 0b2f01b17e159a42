// The single top-level error handler: an error in, a message on stderr and an exit code out. Under --json
// every failure also puts exactly one JSON document on stdout ({"error": {message, exitCode, …}}), parse
// errors included, unless the command already printed its own.
import { DomainError } from './domain/errors.js';
import { CancelledError, CliError, ExitCode, exitCodeFor } from './errors.js';
import type { IO } from './io/io.js';
import { scrubKnown } from './api/redact.js';
import { escapeControl } from './io/output.js';

const printable = (text: string) => text.split('\n').map(escapeControl).join('\n');

interface CommanderLike { code: string; exitCode: number; message: string }
const isCommanderError = (e: unknown): e is CommanderLike =>
  e instanceof Error && typeof (e as unknown as CommanderLike).code === 'string' && (e as unknown as CommanderLike).code.startsWith('commander.');

export function reportError(io: IO, e: unknown, o: { verbose: boolean; jsonPrinted: boolean }): number {
  if (isCommanderError(e)) {
    // Help and version are not errors; commander already printed its own message for parse errors.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return ExitCode.Ok;
    if (e.code === 'commander.executeSubCommandAsync') return e.exitCode;
    if (io.json && !o.jsonPrinted) {
      // Commander's message may carry a second line ("(Did you mean create?)"): that is a hint.
      const [message = '', ...rest] = scrubKnown(e.message).replace(/^error: /, '').split('\n');
      const hint = rest.join(' ').replace(/^\((.*)\)$/, '$1');
      printJsonError(io, { message, exitCode: ExitCode.Usage, ...(hint ? { hint } : {}), code: e.code });
    }
    return ExitCode.Usage;
  }
  // Ctrl+C aborts the run's signal; whatever was waiting on it fails with an AbortError (or our own), and
  // anything failing after that (a NetworkError "aborted", …) is a consequence of the interrupt.
  if (io.signal.aborted && !(e instanceof CancelledError)) e = new CancelledError();
  const ours = e instanceof CliError || e instanceof DomainError;
  const code = exitCodeFor(e);
  // Every secret the run has seen is masked here, whatever path the text took (server echoes, stacks, causes).
  const message = scrubKnown(e instanceof Error ? e.message : String(e));
  const hint = ours && (e as CliError | DomainError).hint ? scrubKnown((e as CliError | DomainError).hint!) : undefined;
  // Messages quote what others wrote (a manifest's values, a server's error text): its control characters are
  // shown escaped, never sent to the terminal (an ESC sequence could rewrite the screen or the window title).
  if (message) io.err.write(`${e instanceof CancelledError ? '' : 'error: '}${printable(message)}\n`);
  if (hint) io.err.write(`hint: ${printable(hint)}\n`);
  if (!ours) {
    // Not one of ours: a bug. Show the stack only when asked, never by default.
    if (o.verbose && e instanceof Error && e.stack) io.err.write(`${scrubKnown(e.stack)}\n`);
    else io.err.write('This looks like a bug in spacectl; run again with --verbose for details.\n');
  }
  if (io.json && !o.jsonPrinted) printJsonError(io, { message: message || 'failed', exitCode: code, ...(hint ? { hint } : {}), ...errorCode(e), ...details(e) });
  return code;
}

function printJsonError(io: IO, error: Record<string, unknown>): void {
  io.out.write(`${JSON.stringify({ error }, null, 2)}\n`);
}

function errorCode(e: unknown): { code?: string } {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'string' ? { code: c } : {};
}

/**
 * Errors that carry a list of problems (an invalid manifest) put them in the document as an array; an apply
 * that stopped midway, the step it failed at and the steps already done (so CI reads them, not the prose).
 */
function details(e: unknown): { problems?: unknown[]; failedAt?: string; done?: unknown[] } {
  const { problems, failedAt, done } = (e ?? {}) as { problems?: unknown; failedAt?: unknown; done?: unknown };
  return {
    ...(Array.isArray(problems) ? { problems } : {}),
    ...(typeof failedAt === 'string' && Array.isArray(done) ? { failedAt: scrubKnown(failedAt), done: done.map((d) => scrubKnown(String(d))) } : {}),
  };
}
