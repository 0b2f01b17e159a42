import type { SpaceCommand } from '../../help/commander.js';
import { APP_HELP, action, DRY_RUN_HELP, type RunContext } from '../define.js';

export function registerApp(program: SpaceCommand, ctx: RunContext): void {
  const app = program.command('app').description('Create and manage applications (registration step 1)')
    .examples('spacectl app create --name deploy-bot', 'spacectl app list', 'spacectl app show --app deploy-bot --json');

  app.command('create')
    .description('Create an application; Space makes its service account, client ID and client secret')
    .option('-n, --name <name>', 'application name (unique in the organization)')
    .option('--description <text>', 'description shown in Space')
    .option('--email <email>', 'contact email of the application')
    .option('--if-not-exists', 'if an application with this exact name exists, return it instead of failing')
    .option('--reveal-secret', 'print the client secret (otherwise it is never shown)')
    .option('--secret-file <path>', 'write the client secret to this file (mode 0600)')
    .option('--force', 'overwrite --secret-file if it exists')
    .option('--dry-run', DRY_RUN_HELP)
    .examples(
      'spacectl app create --name deploy-bot --description "CI helper" --secret-file ./deploy-bot.secret',
      'spacectl app create --name deploy-bot --if-not-exists --json',
    )
    .action(action(ctx, async () => (await import('./create.js')).appCreate));

  app.command('update')
    .description('Rename an application or change its description; only what differs is sent')
    .option('-a, --app <ref>', APP_HELP)
    .option('-n, --name <name>', 'new name (unique in the organization)')
    .option('--description <text>', 'new description ("" clears it)')
    .option('--email <email>', 'accepted only if it is already the app\'s email: Space cannot change it after creation')
    .option('--dry-run', DRY_RUN_HELP)
    .examples(
      'spacectl app update --app deploy-bot --description "Deploys main"',
      'spacectl app update --app deploy-bot --description "Deploys main" --dry-run --json',
    )
    .action(action(ctx, async () => (await import('./update.js')).appUpdate));

  app.command('list')
    .description('List applications')
    .option('--name <text>', 'only names containing this text (case-insensitive)')
    .examples('spacectl app list', 'spacectl app list --name deploy --json')
    .action(action(ctx, async () => (await import('./list.js')).appList));

  app.command('show')
    .description('Show an application')
    .option('-a, --app <ref>', APP_HELP)
    .examples('spacectl app show --app deploy-bot', 'spacectl app show --app deploy-bot --json')
    .action(action(ctx, async () => (await import('./show.js')).appShow));

  app.command('delete')
    .description('Delete an application')
    .option('-a, --app <ref>', APP_HELP)
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--if-exists', 'succeed (exit 0) when the application does not exist')
    .option('--dry-run', DRY_RUN_HELP)
    .examples('spacectl app delete --app deploy-bot --yes', 'spacectl app delete --app old-bot --yes --if-exists --json')
    .action(action(ctx, async () => (await import('./delete.js')).appDelete));

  app.command('secret')
    .description('Read or rotate the client secret')
    .option('-a, --app <ref>', APP_HELP)
    .option('--regenerate', 'rotate the secret (the old one stops working)')
    .option('--reveal', 'print the secret')
    .option('--secret-file <path>', 'write the secret to this file (mode 0600)')
    .option('--force', 'overwrite --secret-file if it exists')
    .option('-y, --yes', 'do not ask before --regenerate')
    .option('--dry-run', DRY_RUN_HELP)
    .examples('spacectl app secret --app deploy-bot --secret-file ./deploy-bot.secret --force', 'spacectl app secret --app deploy-bot --regenerate --yes --secret-file ./deploy-bot.secret --force')
    .action(action(ctx, async () => { const m = await import('../shared/app-secret.js'); return m.appSecretAction(m.CLIENT_SECRET); }));
}
