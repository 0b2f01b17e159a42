// The command tree. Only declarations live here; every action module is imported when its command runs.
import { Command, Option } from 'commander';
import type { RunContext } from './commands/define.js';
import { registerApp } from './commands/app/index.js';
import { registerProfile } from './commands/profile/index.js';
import { registerAuth } from './commands/auth/index.js';
import { registerEmulator } from './commands/emulator/index.js';
import { registerFlow } from './commands/flow/index.js';
import { registerEndpoint } from './commands/endpoint/index.js';
import { registerSshKey } from './commands/ssh-key/index.js';
import { registerRights } from './commands/rights/index.js';
import { registerProject } from './commands/project/index.js';
import { registerManifest } from './commands/manifest/index.js';
import { registerApi } from './commands/api/index.js';
import { registerCompletion } from './commands/completion/index.js';

export const EXIT_CODES_HELP = `
Exit codes:
  0    success (also: already there, nothing to do)
  1    error
  2    usage: bad or missing flags or values
  3    plan, --dry-run: changes pending
  4    authentication or permission
  5    partial failure: some items of a batch failed
  8    rights requested, pending approval
  130  cancelled

Environment:
  SPACE_URL, SPACE_TOKEN, SPACE_CLIENT_ID, SPACE_CLIENT_SECRET   server and credentials (override profiles)
  SPACECTL_PROFILE      profile to use        SPACECTL_CONFIG_DIR   where profiles live
  SPACECTL_DEBUG=1      same as --verbose     NO_COLOR, CI          no colour / no prompts
  SPACECTL_JOURNAL      audit journal file (same as --journal; off when unset)`;

export function createProgram(ctx: RunContext, version: string, write: { out: (s: string) => void; err: (s: string) => void }): Command {
  const program = new Command('spacectl')
    .description('Register and configure applications in JetBrains Space (or any server that speaks its HTTP API).')
    .version(version, '-V, --version', 'print the version')
    .option('--profile <name>', 'use this saved profile (env: SPACECTL_PROFILE)')
    .option('--url <server>', 'Space server URL, e.g. https://acme.jetbrains.space (env: SPACE_URL)')
    .addOption(new Option('--token <token>', 'bearer token; prefer SPACE_TOKEN or a profile, flags show up in process lists'))
    .option('--json', 'print one JSON document on stdout')
    .option('--no-color', 'disable colour (also: NO_COLOR)')
    .option('--no-input', 'never prompt; fail on missing values instead (also: CI)')
    .option('-v, --verbose', 'log HTTP requests to stderr, secrets redacted (also: SPACECTL_DEBUG=1)')
    .option('--journal <file>', 'append every write sent to Space to this audit journal, one JSON line each (env: SPACECTL_JOURNAL)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .configureOutput({ writeOut: write.out, writeErr: write.err })
    .exitOverride();

  registerApp(program, ctx);
  registerFlow(program, ctx);
  registerRights(program, ctx);
  registerProject(program, ctx);
  registerEndpoint(program, ctx);
  registerSshKey(program, ctx);
  registerManifest(program, ctx);
  registerApi(program, ctx);
  registerCompletion(program, ctx);
  registerProfile(program, ctx);
  registerAuth(program, ctx);
  registerEmulator(program, ctx);

  // Subcommands inherit exit/output behaviour so every parse error reaches main()'s single handler.
  const apply = (c: Command) => {
    c.exitOverride().configureOutput({ writeOut: write.out, writeErr: write.err });
    c.commands.forEach(apply);
  };
  program.commands.forEach(apply);
  return program;
}
