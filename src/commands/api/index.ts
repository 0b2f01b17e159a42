// `spacectl api`: the escape hatch for any Space HTTP API call spacectl does not wrap (like `gh api`, `az rest`).
import { Option } from 'commander';
import type { SpaceCommand } from '../../help/commander.js';
import { action, collect, type RunContext } from '../define.js';

export function registerApi(program: SpaceCommand, ctx: RunContext): void {
  program.command('api')
    .description('Call any Space HTTP API endpoint with the profile\'s server and credentials; the body goes to stdout unchanged')
    .argument('<path>', 'path relative to /api/http/, e.g. projects or "applications/paged?name=bot"')
    .addOption(new Option('-X, --method <method>', 'HTTP method (default GET, or POST when -F fields or --input are given)').argParser((v) => v.toUpperCase()))
    .option('-f, --raw-field <key=value>', 'a string parameter: query for GET and DELETE, JSON body field otherwise (repeatable)', collect)
    .option('-F, --field <key=value>', 'a typed parameter: true, false, null and numbers as JSON; @file reads the value from a file (repeatable)', collect)
    .option('-H, --header <name:value>', 'an extra request header (repeatable)', collect)
    .option('--input <file>', 'the request body from a file, or - for stdin (fields then go to the query)')
    .option('--paginate', 'follow Space\'s next/$skip cursor and print the items of every page as one JSON array')
    .option('--jsonl', 'with --paginate: one item per line (JSON Lines) instead of an array')
    .notes(`Uses the same server, credentials, timeouts, retries and --verbose log (secrets redacted) as every command.
A non-2xx answer is reported on stderr with the usual exit codes (4 authentication or permission, 1 other).`)
    .examples(
      'spacectl api projects/key:BACKEND',
      'spacectl api projects --paginate --jsonl',
      'spacectl api applications/paged -f name=bot --paginate',
      'spacectl api team-directory/profiles/me --verbose',
    )
    .action(action(ctx, async () => (await import('./run.js')).apiCommand));
}
