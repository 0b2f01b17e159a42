// The command tree. Only declarations live here; every action module is imported when its command runs.
import { CommanderError, Option, type Command } from 'commander';
import type { RunContext } from './commands/define.js';
import { SpaceCommand, helpExtras, useHelpFormatter, withHelp, type HelpExtras } from './help/commander.js';
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

/** Root-level help content: exit codes and environment variables are documented once, here. */
export const ROOT_HELP: HelpExtras = {
  examples: [
    'spacectl auth status',
    'spacectl app create --name deploy-bot --secret-file ./deploy-bot.secret',
    'spacectl flow enable --app deploy-bot client-credentials',
    'spacectl rights request --app deploy-bot Profile.View',
    'spacectl app list --json',
  ],
  sections: [
    {
      title: 'ENVIRONMENT',
      items: [
        { term: 'SPACE_URL', description: 'Space server URL (overrides the profile; needed with SPACE_TOKEN or client credentials from the environment)' },
        { term: 'SPACE_TOKEN', description: 'bearer token for SPACE_URL' },
        { term: 'SPACE_CLIENT_ID, SPACE_CLIENT_SECRET', description: 'client credentials for SPACE_URL (instead of a token)' },
        { term: 'JB_SPACE_API_URL, JB_SPACE_CLIENT_ID, JB_SPACE_CLIENT_SECRET', description: 'in a Space Automation job: its server and client credentials, used when nothing more specific is given' },
        { term: 'SPACECTL_PROFILE', description: 'profile to use (like --profile)' },
        { term: 'SPACECTL_LOGIN_CLIENT_ID', description: 'client ID of the application `auth login` logs in with' },
        { term: 'SPACECTL_CA_FILE', description: 'a PEM CA to trust for the server (a private or company CA)' },
        { term: 'SPACECTL_ALLOW_HTTP=1', description: 'accept a plain http --url or SPACE_URL to a non-loopback host (credentials travel unencrypted)' },
        { term: 'SPACECTL_CONFIG_DIR', description: 'where profiles live (default: $XDG_CONFIG_HOME/spacectl or ~/.config/spacectl)' },
        { term: 'HTTPS_PROXY, HTTP_PROXY, NO_PROXY', description: 'a proxy to reach the server through, and the hosts that go direct (loopback always does)' },
        { term: 'SPACECTL_TIMEOUT_MS', description: 'timeout of each request, answer included, in milliseconds (default 30000)' },
        { term: 'SPACECTL_MAX_RETRY_WAIT', description: 'the longest Retry-After to wait for, in seconds (0: never wait for one)' },
        { term: 'SPACECTL_KEYRING', description: '0: never use the OS keyring; 1: use it in CI too' },
        { term: 'SPACECTL_COMPLETE_TIMEOUT_MS', description: 'how long a TAB completion may ask the server' },
        { term: 'SPACECTL_DEBUG=1', description: 'same as --verbose' },
        { term: 'SPACECTL_JOURNAL', description: 'audit journal file (same as --journal; off when unset)' },
        { term: 'NO_COLOR, CLICOLOR=0', description: 'no colour' },
        { term: 'FORCE_COLOR', description: 'colour even when the stream is not a terminal (FORCE_COLOR=0: never)' },
        { term: 'CI', description: 'never prompt (like --no-input)' },
      ],
    },
    {
      title: 'EXIT CODES',
      items: [
        { term: '0', description: 'success (also: already there, nothing to do)' },
        { term: '1', description: 'error' },
        { term: '2', description: 'usage: bad or missing flags or values' },
        { term: '3', description: 'plan, --dry-run: changes pending' },
        { term: '4', description: 'authentication or permission' },
        { term: '5', description: 'partial failure: some items of a batch failed' },
        { term: '8', description: 'rights requested, pending approval' },
        { term: '130', description: 'cancelled (Ctrl+C, or a declined confirmation)' },
      ],
    },
  ],
};

/** The heading each top-level command is listed under in the root help. */
const ROOT_GROUPS: Record<string, string> = {
  app: 'REGISTRATION COMMANDS', flow: 'REGISTRATION COMMANDS', rights: 'REGISTRATION COMMANDS', project: 'REGISTRATION COMMANDS',
  endpoint: 'REGISTRATION COMMANDS', 'ssh-key': 'REGISTRATION COMMANDS',
  plan: 'PROVISIONING COMMANDS', apply: 'PROVISIONING COMMANDS',
  profile: 'SETUP COMMANDS', auth: 'SETUP COMMANDS', emulator: 'SETUP COMMANDS',
};

/** Where commander writes, how wide and whether in colour: decided by the IO object, per stream. */
export interface ProgramOutput {
  writeOut(s: string): void;
  writeErr(s: string): void;
  getOutHelpWidth(): number;
  getErrHelpWidth(): number;
  getOutHasColors(): boolean;
  getErrHasColors(): boolean;
}

/**
 * The top-level commands each group declares or adds to (`plan`/`apply` also add `app export`), in the order the
 * root help lists them. test/e2e/help.test.ts checks that declaring only these gives each command in full.
 */
const REGISTRARS: Array<[string[], (program: SpaceCommand, ctx: RunContext) => void]> = [
  [['app'], registerApp],
  [['flow'], registerFlow],
  [['rights'], registerRights],
  [['project'], registerProject],
  [['endpoint'], registerEndpoint],
  [['ssh-key'], registerSshKey],
  [['plan', 'apply', 'app'], registerManifest],
  [['api'], registerApi],
  [['completion', '__complete'], registerCompletion],
  [['profile'], registerProfile],
  [['auth'], registerAuth],
  [['emulator'], registerEmulator],
];

/**
 * The first word of `argv` that is not a root option or its value (`spacectl --profile ci app list` → `app`),
 * read from the root's own option declarations; undefined when there is none before `--`.
 */
function invokedCommand(root: Command, argv: string[]): string | undefined {
  const takesValue = new Set((root.options as Option[]).filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (!a.startsWith('-')) return a;
    if (takesValue.has(a)) i++;
  }
  return undefined;
}

/** `argv` (the run's arguments): declare only the command group they name, when they name one. */
export function createProgram(ctx: RunContext, version: string, output: ProgramOutput, argv?: string[]): Command {
  const program = new SpaceCommand('spacectl')
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
    .configureOutput(output)
    .exitOverride();
  useHelpFormatter(program);
  withHelp(program, ROOT_HELP);

  // A run that names its command needs only that command's group: declaring all twelve (~90 commands and their
  // options) costs a few ms of every run. Anything else (root help, an unknown or misspelt command, which
  // commander answers with suggestions from the whole tree, completion, which walks it) declares every group.
  const invoked = argv && invokedCommand(program, argv);
  const only = REGISTRARS.filter(([names]) => invoked !== undefined && names.includes(invoked));
  const all = !only.length || only.some(([names]) => names.includes('completion'));
  for (const [, register] of all ? REGISTRARS : only) register(program, ctx);

  for (const c of program.commands) if (!helpExtras(c).group) withHelp(c, { group: ROOT_GROUPS[c.name()] ?? 'ADDITIONAL COMMANDS' });

  // Subcommands inherit exit/output behaviour so every parse error reaches main()'s single handler.
  const apply = (c: Command) => {
    c.exitOverride().configureOutput(output);
    if (c.commands.length) helpOnStdout(c);
    c.commands.forEach(apply);
  };
  program.commands.forEach(apply);
  helpOnStdout(program);
  return program;
}

/**
 * A group named without a subcommand (`spacectl`, `spacectl app`) asked for its help, as gh does: help on
 * stdout, exit 0. (Commander would print it to stderr and exit 1.)
 */
function helpOnStdout(group: Command): void {
  group.help = () => {
    group.outputHelp();
    throw new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)');
  };
}
