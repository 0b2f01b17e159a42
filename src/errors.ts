// Typed errors and the one place that maps them to exit codes and messages.
// Documented in the README ("Exit codes"); scripts depend on these numbers, so never renumber.
import { DomainError } from './domain/errors.js';

export const ExitCode = {
  Ok: 0,
  Error: 1,
  Usage: 2,
  /** `plan`: the manifest and the server differ (like terraform plan -detailed-exitcode's 2). */
  ChangesPending: 3,
  Auth: 4,
  /** Batch commands: some items failed, the others were done. */
  Partial: 5,
  /** Rights were requested but wait for an administrator's approval. */
  PendingApproval: 8,
  Cancelled: 130,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Error,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad or missing flags/values: exit 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
  }
}

/** The exit code of an error: a CliError carries its own; bad input found below the commands (DomainError: a right,
 * a URI, a key) is a usage error; anything else is 1. The reporter and the apply log both use it. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  return e instanceof DomainError ? ExitCode.Usage : ExitCode.Error;
}

/** Ctrl+C or a declined confirmation: exit 130, no stack trace. */
export class CancelledError extends CliError {
  constructor(message = 'Cancelled.') {
    super(message, ExitCode.Cancelled);
  }
}

