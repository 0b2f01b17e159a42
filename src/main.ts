// main(argv) → exit code. Never calls process.exit, so tests can drive it in-process; only bin/ sets the code.
import fs from 'node:fs';
import type { Dispatcher } from 'undici';
import { createFactory, type Env, type Factory, type Globals } from './factory.js';
import { systemIO, withPolicy, type IO } from './io/io.js';
import type { Prompter } from './io/prompter.js';
import { createProgram } from './program.js';
import { ExitCode } from './errors.js';
import { reportError } from './report.js';
import { jsonWasPrinted } from './io/json-state.js';
import { resetSecrets } from './api/redact.js';

export interface MainDeps { io: IO; env: Env; prompter: Prompter; dispatcher: Dispatcher }

export function version(): string {
  return (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[], deps: Partial<MainDeps> = {}): Promise<number> {
  const env = deps.env ?? process.env;
  resetSecrets();
  let io = deps.io ?? systemIO(env);
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
  const program = createProgram(ctx, ver, { out: (s) => io.out.write(s), err: (s) => io.err.write(s) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    const verbose = Boolean(globals?.verbose) || env.SPACECTL_DEBUG === '1';
    return reportError(io, e, { verbose, jsonPrinted: jsonWasPrinted(io) });
  } finally {
    await factory?.close();
  }
}
