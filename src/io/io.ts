// One IO object per run: results go to `out`, everything else (messages, spinners, prompts) to `err`.
// Every stream policy lives here and nowhere else: colour is decided per stream, from that stream's own TTY
// (so `cmd > file` on a terminal writes plain text while stderr stays coloured), prompting, and the one
// interrupt signal that main() aborts on Ctrl+C.
import { writeSync } from 'node:fs';
export interface IO {
  in: NodeJS.ReadableStream;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  stdinTTY: boolean;
  stdoutTTY: boolean;
  stderrTTY: boolean;
  /** Colour on stdout: stdout's own TTY (or FORCE_COLOR); never with NO_COLOR, CLICOLOR=0, --no-color or --json. */
  colorOut: boolean;
  /** Colour on stderr: stderr's own TTY (or FORCE_COLOR); never with NO_COLOR, CLICOLOR=0 or --no-color. */
  colorErr: boolean;
  /** --json: exactly one JSON document on stdout. */
  json: boolean;
  /** Aborted on Ctrl+C (SIGINT) by main(); long waits and requests stop on it and the run ends "Cancelled", 130. */
  signal: AbortSignal;
  /**
   * Runs `fn` with a first Ctrl+C held back until it ends, then aborts `signal`: for a change that must not be
   * left half-done or unknown once started (a write in flight, a confirmed app's decisions, a new secret and
   * its file). A second Ctrl+C still quits at once.
   */
  hold<T>(fn: () => Promise<T>): Promise<T>;
  /** Prompts allowed: stdin and stdout are TTYs, no --no-input, no CI. */
  canPrompt(): boolean;
}

export interface IOPolicy {
  json?: boolean;
  color?: boolean; // false when --no-color was given
  input?: boolean; // false when --no-input was given
}

type Env = Record<string, string | undefined>;
export type Streams = Pick<IO, 'in' | 'out' | 'err' | 'stdinTTY' | 'stdoutTTY' | 'stderrTTY'> & { signal?: AbortSignal; hold?: IO['hold'] };

/** The run's interrupt, as main() owns it: the signal and the way to hold it back. */
export interface Interrupt { signal: AbortSignal; hold: IO['hold'] }

const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

export function isCI(env: Env): boolean {
  return truthy(env.CI);
}

/**
 * Colour for one stream. Order: --no-color; FORCE_COLOR=0; NO_COLOR (any non-empty value, no-color.org);
 * CLICOLOR=0; FORCE_COLOR (any other value) turns it on without a terminal; otherwise the stream's own TTY.
 */
export function colorFor(isTTY: boolean, env: Env, noColorFlag: boolean): boolean {
  if (noColorFlag || env.FORCE_COLOR === '0') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.CLICOLOR === '0') return false;
  if (env.FORCE_COLOR !== undefined) return true;
  return isTTY;
}

let pipeGuarded = false;

export function systemIO(env: Env, policy: IOPolicy = {}, interrupt?: Interrupt): IO {
  // A reader that went away (`spacectl rights catalog | head -1`) is not an error to report with a stack trace:
  // stop silently with the status a Unix tool killed by SIGPIPE has (128 + 13), so `set -o pipefail` still sees it.
  if (!pipeGuarded) {
    pipeGuarded = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(141);
      // Results that cannot be written (a full disk, a closed descriptor) are a failure, said in one line.
      try {
        writeSync(2, `error: could not write to standard output (${e.code ?? 'error'}: ${e.message.replace(/^\w+: /, '').replace(/, write$/, '')}); the command's result is not shown\n`);
      } catch {
        // stderr is gone too: the exit status is all that is left
      }
      process.exit(1);
    });
    // A message that cannot be shown (stderr on a full disk) must not turn a done command into a crash.
    process.stderr.on('error', () => {});
  }
  return makeIO(
    {
      // Standard input only when a command reads it or asks whether it is a terminal: made up front, it costs
      // ~2 ms of every run whose stdin is /dev/null (a file stream), as in most scripts and CI jobs.
      get in() { return process.stdin; },
      out: process.stdout,
      err: process.stderr,
      get stdinTTY() { return Boolean(process.stdin.isTTY); },
      stdoutTTY: Boolean(process.stdout.isTTY),
      stderrTTY: Boolean(process.stderr.isTTY),
      signal: interrupt?.signal,
      hold: interrupt?.hold,
    },
    env,
    policy,
  );
}

export function makeIO(s: Streams, env: Env, policy: IOPolicy = {}): IO {
  const json = policy.json ?? false;
  const noColor = policy.color === false;
  return {
    get in() { return s.in; },
    out: s.out,
    err: s.err,
    get stdinTTY() { return s.stdinTTY; },
    stdoutTTY: s.stdoutTTY,
    stderrTTY: s.stderrTTY,
    json,
    colorOut: !json && colorFor(s.stdoutTTY, env, noColor),
    colorErr: colorFor(s.stderrTTY, env, noColor),
    signal: s.signal ?? new AbortController().signal,
    hold: s.hold ?? ((fn) => fn()),
    canPrompt: () => s.stdinTTY && s.stdoutTTY && policy.input !== false && !isCI(env),
  };
}

/** Re-apply the policy once global flags are parsed (the IO is made before parsing). */
export function withPolicy(io: IO, env: Env, policy: IOPolicy): IO {
  return makeIO(io, env, policy);
}
