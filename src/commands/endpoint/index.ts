import { Option } from 'commander';
import type { SpaceCommand } from '../../help/commander.js';
import { APP_HELP, action, DRY_RUN_HELP, type RunContext } from '../define.js';

export function registerEndpoint(program: SpaceCommand, ctx: RunContext): void {
  const endpoint = program.command('endpoint').description('Where Space calls the application and how the call is verified (registration step 5)')
    .examples('spacectl endpoint set --app deploy-bot --uri https://bot.example.com/space --verification signing-key', 'spacectl endpoint show --app deploy-bot');

  endpoint.command('set')
    .description('Set the endpoint URI, how the app verifies Space, and the credentials Space sends')
    .option('-a, --app <ref>', APP_HELP)
    .option('--uri <url>', 'endpoint URI; https (http only for localhost with --allow-http)')
    .addOption(new Option('--verification <method>', 'how the app verifies calls come from Space (the chosen one is turned on, the others off)').choices(['signing-key', 'public-key', 'verification-token', 'none']))
    .option('--ssl-verification', 'Space verifies the endpoint\'s TLS certificate (default)')
    .option('--no-ssl-verification', 'Space accepts any certificate (self-signed test endpoints only)')
    .option('--bearer-token-stdin', 'Space sends "Authorization: Bearer <token>"; the token is read from stdin')
    .option('--basic-auth-user <name>', 'Space sends basic auth with this user (with --basic-auth-password-stdin)')
    .option('--basic-auth-password-stdin', 'read the basic-auth password from stdin')
    .option('--allow-http', 'accept an http:// URI for a loopback host (local testing)')
    .option('--dry-run', DRY_RUN_HELP)
    .notes(`--verification and the auth flags are separate: the first is how the app checks that a call comes from
Space (signature or token), the second is a credential Space presents to the app. Both can be on.`)
    .examples(
      'spacectl endpoint set --app deploy-bot --uri https://bot.example.com/space --verification signing-key',
      'printf %s "$TOKEN" | spacectl endpoint set --app deploy-bot --uri https://bot.example.com/space --bearer-token-stdin',
      'spacectl endpoint set --app deploy-bot --uri http://127.0.0.1:8080/space --allow-http --no-ssl-verification',
    )
    .action(action(ctx, async () => (await import('./set.js')).endpointSet));

  endpoint.command('show')
    .description('Show the endpoint settings (secrets are never shown, only whether they exist)')
    .option('-a, --app <ref>', APP_HELP)
    .examples(
      'spacectl endpoint show --app deploy-bot',
      'spacectl endpoint show --app deploy-bot --json',
    )
    .action(action(ctx, async () => (await import('./show.js')).endpointShow));

  const secretCommand = (name: 'signing-key' | 'verification-token', what: string) =>
    endpoint.command(name)
      .description(`Read or rotate the ${what}`)
      .option('-a, --app <ref>', APP_HELP)
      .option('--regenerate', `rotate the ${what} (the app must be given the new one)`)
      .option('--reveal', `print the ${what}`)
      .option('--secret-file <path>', `write the ${what} to this file (mode 0600)`)
      .option('--force', 'overwrite --secret-file if it exists')
      .option('-y, --yes', 'do not ask before --regenerate')
      .option('--dry-run', DRY_RUN_HELP)
      .examples(
        `spacectl endpoint ${name} --app deploy-bot --secret-file ./deploy-bot.${name}`,
        `spacectl endpoint ${name} --app deploy-bot --regenerate --yes --secret-file ./deploy-bot.${name} --force`,
      );

  secretCommand('signing-key', 'signing key')
    .action(action(ctx, async () => { const m = await import('../shared/app-secret.js'); return m.appSecretAction(m.SIGNING_KEY); }));
  secretCommand('verification-token', 'verification token')
    .action(action(ctx, async () => { const m = await import('../shared/app-secret.js'); return m.appSecretAction(m.VERIFICATION_TOKEN); }));

  endpoint.command('public-keys')
    .description('Show the public keys (JWKS) Space signs calls to the app with, for public-key verification')
    .option('-a, --app <ref>', APP_HELP)
    .notes(`--json prints the JWKS document itself ({"keys": [...]}), e.g. to configure a verifier.`)
    .examples(
      'spacectl endpoint public-keys --app deploy-bot',
      'spacectl endpoint public-keys --app deploy-bot --json',
    )
    .action(action(ctx, async () => (await import('./public-keys.js')).endpointPublicKeys));

  endpoint.command('test')
    .description('Send the endpoint a sample payload signed as Space signs it and report the answer')
    .option('-a, --app <ref>', APP_HELP)
    .option('--timeout <ms>', 'give up after this many milliseconds (default 10000)')
    .notes(`Signs as Space does: X-Space-Signature (signing key, HMAC-SHA256) and, for public-key verification,
X-Space-Public-Key-Signature (RSA SHA-512 with the app's key; only a server that signs on request, such as
spacectl's emulator, can provide it). Exit code 0 when the endpoint answers 2xx, 1 otherwise. The signing
key is never printed.`)
    .examples(
      'spacectl endpoint test --app deploy-bot',
      'spacectl endpoint test --app deploy-bot --timeout 3000 --json',
    )
    .action(action(ctx, async () => (await import('./probe.js')).endpointTest));
}
