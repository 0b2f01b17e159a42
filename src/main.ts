// main(argv) → exit code. Never calls process.exit, so tests can drive it in-process; only bin/ sets the code
// (and a second Ctrl+C, which must end the process even when something ignores the abort).
import fs from 'node:fs';
import type { Dispatcher } from 'undici';
import { createFactory, type Env, type Factory, type Globals } from './factory.js';
import { systemIO, withPolicy, type Interrupt, type IO } from './io/io.js';
import type { Prompter } from './io/prompter.js';
import { createProgram } from './program.js';
import { ExitCode } from './errors.js';
import { reportError } from './report.js';
import { jsonWasPrinted } from './io/json-state.js';
import { registerArgvSecrets, resetSecrets, scrubKnown } from './api/redact.js';

export interface MainDeps { io: IO; env: Env; prompter: Prompter; dispatcher: Dispatcher }

export function version(): string {
  return (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** `--json` anywhere before `--`: known even when parsing fails, so the failure is a JSON document too. */
export function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

export async function main(argv: string[], deps: Partial<MainDeps> = {}): Promise<number> {
  const env = deps.env ?? process.env;
  resetSecrets();
  registerArgvSecrets(argv);
  const interrupt = deps.io ? undefined : listenForInterrupt();
  let io = deps.io ?? systemIO(env, {}, interrupt);
  let factory: Factory | undefined;
  let globals: Globals | undefined;
  const ctx = {
    exitCode: ExitCode.Ok as number,
    factory(g: Globals): Factory {
      globals = g;
      io = withPolicy(io, env, { json: g.json, color: g.color, input: g.input });
      return (factory = createFactory({ io, env, globals: g, prompter: deps.prompter, dispatcher: deps.dispatcher, version: ver }));
    },
  };
  const ver = version();
  const columns = (s: NodeJS.WritableStream) => (s as Partial<NodeJS.WriteStream>).columns || 80;
  const program = createProgram(ctx, ver, {
    writeOut: (s) => io.out.write(s),
    // Commander's parse errors quote the command line, which may hold a secret flag's value.
    writeErr: (s) => io.err.write(scrubKnown(s)),
    getOutHelpWidth: () => columns(io.out),
    getErrHelpWidth: () => columns(io.err),
    getOutHasColors: () => io.colorOut,
    getErrHasColors: () => io.colorErr,
  }, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    const verbose = Boolean(globals?.verbose) || env.SPACECTL_DEBUG === '1';
    if (!io.json && wantsJson(argv)) io = withPolicy(io, env, { json: true });
    return reportError(io, e, { verbose, jsonPrinted: jsonWasPrinted(io) });
  } finally {
    interrupt?.dispose();
    await factory?.close();
  }
}

/**
 * The one interrupt path: the first Ctrl+C aborts the run's signal (commands stop, say "Cancelled" and exit
 * 130 through the error reporter); a second one ends the process at once. While a change is held (io.hold: a
 * write in flight, a confirmed step), the first Ctrl+C waits for it to end, so it is reported as done or not
 * done, never left unknown.
 */
function listenForInterrupt(): Interrupt & { dispose(): void } {
  const controller = new AbortController();
  let held = 0;
  let pending = false;
  const onSigint = () => {
    if (controller.signal.aborted || pending) {
      process.stderr.write(held ? '\nCancelled while a change was in progress: a re-run checks what was done.\n' : '\nCancelled.\n');
      process.exit(130);
    }
    if (!held) return controller.abort();
    pending = true;
    process.stderr.write('\nFinishing the change in progress (Ctrl+C again to quit at once)…\n');
  };
  process.on('SIGINT', onSigint);
  return {
    signal: controller.signal,
    async hold(fn) {
      held++;
      try {
        return await fn();
      } finally {
        if (--held === 0 && pending) controller.abort();
      }
    },
    dispose: () => void process.removeListener('SIGINT', onSigint),
  };
}
