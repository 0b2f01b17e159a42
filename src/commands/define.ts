// The seam between commander and the actions: parse → build the factory → load the action lazily → run.
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../errors.js';
import type { Factory, Globals } from '../factory.js';

/** An action returns an exit code (e.g. 8 pending approval) or nothing for 0. */
export type Action<F = Record<string, unknown>> = (flags: F, f: Factory, args: string[]) => Promise<number | void>;
export type Loader<F = Record<string, unknown>> = () => Promise<Action<F>>;

export interface RunContext {
  /** Builds the factory once global flags are known. */
  factory(globals: Globals): Factory;
  exitCode: number;
}

export function globalsOf(cmd: Command): Globals {
  const o = cmd.optsWithGlobals() as Record<string, unknown>;
  return {
    json: Boolean(o.json),
    color: o.color !== false,
    input: o.input !== false,
    verbose: Boolean(o.verbose),
    profile: o.profile as string | undefined,
    url: o.url as string | undefined,
    token: o.token as string | undefined,
    journal: o.journal as string | undefined,
    command: commandPath(cmd),
    dryRun: Boolean((cmd.opts() as { dryRun?: unknown }).dryRun),
  };
}

/** `rights authorize` for the authorize subcommand: the names below the program's. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function action<F>(ctx: RunContext, load: Loader<F>) {
  return async (...a: unknown[]) => {
    const cmd = a[a.length - 1] as Command;
    refuseContradictions(cmd);
    const f = ctx.factory(globalsOf(cmd));
    // Output helpers stay out of the start-up path: imported here only when this run prints in colour.
    const [run] = await Promise.all([load(), f.io.colorOut || f.io.colorErr ? import('../io/output.js').then((m) => m.loadStyle(f.io)) : undefined]);
    const code = await run(cmd.opts() as F, f, cmd.args);
    ctx.exitCode = typeof code === 'number' ? code : ExitCode.Ok;
  };
}

/** `--pkce --no-pkce`: commander lets the last one win silently; a contradiction is refused instead (exit 2). */
function refuseContradictions(cmd: Command): void {
  let root = cmd;
  while (root.parent) root = root.parent;
  const raw = (root as unknown as { rawArgs?: string[] }).rawArgs ?? [];
  const end = raw.indexOf('--');
  const given = new Set((end < 0 ? raw : raw.slice(0, end)).map((a) => a.split('=')[0]));
  for (const o of cmd.options) {
    if (!o.negate || !o.long) continue;
    const positive = `--${o.long.slice('--no-'.length)}`;
    if (given.has(o.long) && given.has(positive)) throw new UsageError(`${positive} and ${o.long} contradict each other; give one of them`);
  }
}

/** Help text of every `--dry-run` option of a command that writes. */
export const DRY_RUN_HELP = 'print the requests that would be sent, send none (exit 3 if any, 0 if nothing would change)';

/** Help text of every `--app <ref>` option. */
export const APP_HELP = 'application: name, id:<id> or clientId:<clientId>';

/** Repeatable option collector: `--redirect-uri a --redirect-uri b`. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
