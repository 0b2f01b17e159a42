import type { SpaceCommand } from '../../help/commander.js';
import { APP_HELP, action, collect, DRY_RUN_HELP, type RunContext } from '../define.js';

export function registerFlow(program: SpaceCommand, ctx: RunContext): void {
  const flow = program.command('flow').description('OAuth flows of an application (registration step 2)')
    .examples('spacectl flow list --app deploy-bot', 'spacectl flow enable --app deploy-bot client-credentials');

  flow.command('enable')
    .description('Enable a flow (client-credentials, authorization-code, implicit) and set its redirect URIs')
    .argument('[flow]', 'client-credentials, authorization-code (or code) or implicit')
    .option('-a, --app <ref>', APP_HELP)
    .option('--redirect-uri <uri>', 'add a redirect URI (repeatable); those already set are kept', collect)
    .option('--remove-redirect-uri <uri>', 'remove a redirect URI (repeatable)', collect)
    .option('--replace-redirect-uris', 'make the --redirect-uri values the whole list')
    .option('--pkce', 'require PKCE (authorization-code only)')
    .option('--no-pkce', 'do not require PKCE')
    .option('--allow-http', 'accept plain http redirect URIs to non-loopback hosts')
    .option('--dry-run', DRY_RUN_HELP)
    .examples(
      'spacectl flow enable --app deploy-bot authorization-code --redirect-uri https://bot.example.com/cb --pkce',
      'spacectl flow enable --app deploy-bot code --redirect-uri http://localhost:8080/cb      # adds, keeps the others',
      'spacectl flow enable --app deploy-bot code --remove-redirect-uri https://old.example.com/cb',
      'spacectl flow enable --app deploy-bot code --replace-redirect-uris --redirect-uri https://bot.example.com/cb',
      'spacectl flow enable --app deploy-bot client-credentials --json',
    )
    .action(action(ctx, async () => (await import('./enable.js')).flowEnable));

  flow.command('disable')
    .description('Disable a flow (redirect URIs stay stored)')
    .argument('[flow]', 'client-credentials, authorization-code (or code) or implicit')
    .option('-a, --app <ref>', APP_HELP)
    .option('-y, --yes', 'do not ask before disabling client-credentials')
    .option('--dry-run', DRY_RUN_HELP)
    .examples(
      'spacectl flow disable --app deploy-bot implicit',
      'spacectl flow disable --app deploy-bot client-credentials --yes',
    )
    .action(action(ctx, async () => (await import('./disable.js')).flowDisable));

  flow.command('list')
    .description('Show all five flows, their redirect URIs and why each is on or off')
    .option('-a, --app <ref>', APP_HELP)
    .examples(
      'spacectl flow list --app deploy-bot',
      'spacectl flow list --app deploy-bot --json',
    )
    .action(action(ctx, async () => (await import('./list.js')).flowList));
}
