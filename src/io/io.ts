// One IO object per run: results go to `out`, everything else (messages, spinners, prompts) to `err`.
// The TTY/colour/prompting policy lives here and nowhere else.
export interface IO {
  in: NodeJS.ReadableStream;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  stdinTTY: boolean;
  stdoutTTY: boolean;
  stderrTTY: boolean;
  /** Colour on stdout/stderr: TTY, not NO_COLOR, not --no-color, not --json. */
  color: boolean;
  /** --json: exactly one JSON document on stdout. */
  json: boolean;
  /** Prompts allowed: stdin and stdout are TTYs, no --no-input, no CI. */
  canPrompt(): boolean;
}

export interface IOPolicy {
  json?: boolean;
  color?: boolean; // false when --no-color was given
  input?: boolean; // false when --no-input was given
}

type Env = Record<string, string | undefined>;

const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

export function isCI(env: Env): boolean {
  return truthy(env.CI);
}

export function systemIO(env: Env, policy: IOPolicy = {}): IO {
  return makeIO(
    {
      in: process.stdin,
      out: process.stdout,
      err: process.stderr,
      stdinTTY: Boolean(process.stdin.isTTY),
      stdoutTTY: Boolean(process.stdout.isTTY),
      stderrTTY: Boolean(process.stderr.isTTY),
    },
    env,
    policy,
  );
}

export function makeIO(
  s: Pick<IO, 'in' | 'out' | 'err' | 'stdinTTY' | 'stdoutTTY' | 'stderrTTY'>,
  env: Env,
  policy: IOPolicy = {},
): IO {
  const json = policy.json ?? false;
  const colorAllowed = policy.color !== false && env.NO_COLOR === undefined && !json;
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const io: IO = {
    ...s,
    json,
    color: colorAllowed && (s.stderrTTY || s.stdoutTTY || forced),
    canPrompt: () => s.stdinTTY && s.stdoutTTY && policy.input !== false && !isCI(env),
  };
  return io;
}

/** Re-apply the policy once global flags are parsed (the IO is made before parsing). */
export function withPolicy(io: IO, env: Env, policy: IOPolicy): IO {
  return makeIO(io, env, policy);
}
