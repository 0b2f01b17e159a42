import type { SpaceCommand } from '../../help/commander.js';
import { action, type RunContext } from '../define.js';

export function registerProfile(program: SpaceCommand, ctx: RunContext): void {
  const profile = program.command('profile').description('Saved servers and credentials (secrets in the OS keyring, else a separate 0600 file)')
    .examples('echo "$TOKEN" | spacectl profile add acme --url https://acme.jetbrains.space --token-stdin --use', 'spacectl profile list');

  profile.command('add <name>')
    .description('Save a profile; verifies the credentials against the server first')
    .option('--url <server>', 'Space server URL')
    .option('--token <token>', 'permanent or personal token (prefer --token-stdin)')
    .option('--token-stdin', 'read the token from standard input')
    .option('--token-file <path>', 'read the token from this file')
    .option('--client-id <id>', 'application client ID (client-credentials flow)')
    .option('--client-secret <secret>', 'application client secret (prefer --client-secret-stdin)')
    .option('--client-secret-stdin', 'read the client secret from standard input')
    .option('--client-secret-file <path>', 'read the client secret from this file')
    .option('--ca-file <pem>', 'trust this CA (PEM) for this server too: a private or company CA')
    .option('--insecure-storage', 'keep the secret in the 0600 credentials file, not the OS keyring')
    .option('--use', 'make it the active profile')
    .option('--no-verify', 'save without checking the credentials against the server')
    .option('--allow-http', 'accept a plain http --url to a non-loopback host (the credentials travel unencrypted)')
    .examples(
      'echo "$TOKEN" | spacectl profile add acme --url https://acme.jetbrains.space --token-stdin --use',
      'spacectl profile add acme --url https://acme.jetbrains.space --token-file ./space-token',
      'echo "$SECRET" | spacectl profile add ci --url https://acme.jetbrains.space --client-id "$CLIENT_ID" --client-secret-stdin',
    )
    .action(action(ctx, async () => (await import('./add.js')).profileAdd));

  profile.command('list').description('List profiles').examples('spacectl profile list', 'spacectl profile list --json').action(action(ctx, async () => (await import('./manage.js')).profileList));
  profile.command('show [name]').description('Show a profile (default: the active one); never its secret')
    .examples('spacectl profile show', 'spacectl profile show acme --json')
    .action(action(ctx, async () => (await import('./manage.js')).profileShow));
  profile.command('use <name>').description('Make a profile the active one').examples('spacectl profile use acme').action(action(ctx, async () => (await import('./manage.js')).profileUse));
  profile.command('migrate [name]').description('Move file-stored secrets (of one profile, or all) into the OS keyring')
    .examples('spacectl profile migrate', 'spacectl profile migrate acme')
    .action(action(ctx, async () => (await import('./manage.js')).profileMigrate));
  profile.command('remove <name>').description('Remove a profile and its stored secret')
    .option('-y, --yes', 'do not ask for confirmation')
    .examples('spacectl profile remove acme --yes')
    .action(action(ctx, async () => (await import('./manage.js')).profileRemove));
}
