import type { Command } from 'commander';
import { action, type RunContext } from '../define.js';

export function registerProfile(program: Command, ctx: RunContext): void {
  const profile = program.command('profile').description('Saved servers and credentials (secrets in the OS keyring, else a separate 0600 file)');

  profile.command('add <name>')
    .description('Save a profile; verifies the credentials against the server first')
    .option('--url <server>', 'Space server URL')
    .option('--token <token>', 'permanent or personal token (prefer --token-stdin)')
    .option('--token-stdin', 'read the token from standard input')
    .option('--client-id <id>', 'application client ID (client-credentials flow)')
    .option('--client-secret <secret>', 'application client secret (prefer --client-secret-stdin)')
    .option('--client-secret-stdin', 'read the client secret from standard input')
    .option('--ca-file <pem>', 'trust this CA (PEM) for this server too: a private or company CA')
    .option('--insecure-storage', 'keep the secret in the 0600 credentials file, not the OS keyring')
    .option('--use', 'make it the active profile')
    .option('--no-verify', 'save without checking the credentials against the server')
    .addHelpText('after', '\nExamples:\n  echo "$TOKEN" | spacectl profile add acme --url https://acme.jetbrains.space --token-stdin --use\n  echo "$SECRET" | spacectl profile add ci --url https://acme.jetbrains.space --client-id 3f2c… --client-secret-stdin')
    .action(action(ctx, async () => (await import('./add.js')).profileAdd));

  profile.command('list').description('List profiles').action(action(ctx, async () => (await import('./manage.js')).profileList));
  profile.command('show [name]').description('Show a profile (default: the active one); never its secret')
    .action(action(ctx, async () => (await import('./manage.js')).profileShow));
  profile.command('use <name>').description('Make a profile the active one').action(action(ctx, async () => (await import('./manage.js')).profileUse));
  profile.command('migrate [name]').description('Move file-stored secrets (of one profile, or all) into the OS keyring')
    .action(action(ctx, async () => (await import('./manage.js')).profileMigrate));
  profile.command('remove <name>').description('Remove a profile and its stored secret')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(action(ctx, async () => (await import('./manage.js')).profileRemove));
}
