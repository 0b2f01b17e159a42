import type { SpaceCommand } from '../../help/commander.js';
import { APP_HELP, action, collect, DRY_RUN_HELP, type RunContext } from '../define.js';

export function registerProject(program: SpaceCommand, ctx: RunContext): void {
  const project = program.command('project').description('Authorize an app in projects (registration step 4)')
    .examples('spacectl project add --app deploy-bot BACKEND', 'spacectl project list --app deploy-bot');

  project.command('add')
    .description('Request project-level rights for an app in projects (the given rights, or its required project-level rights)')
    .argument('<project-key...>', 'project keys, e.g. BACKEND')
    .option('-a, --app <ref>', APP_HELP)
    .option('-r, --right <right>', 'right to request there, by code or name (repeatable); default: the app\'s required project-level rights', collect)
    .option('--wait', 'wait until a project administrator grants or rejects the pending rights')
    .option('--timeout <seconds>', 'with --wait: give up after this long (default 300), exit 8')
    .option('--interval <seconds>', 'with --wait: seconds between checks (default 5)')
    .option('--dry-run', DRY_RUN_HELP)
    .examples(
      'spacectl project add --app deploy-bot BACKEND --right Project.Issues.View',
      'spacectl project add --app deploy-bot BACKEND WEB          # the app\'s required project-level rights',
    )
    .section('EXIT CODES', '0 all granted, 8 some pending (an administrator of the project approves them).')
    .action(action(ctx, async () => (await import('./add.js')).projectAdd));

  project.command('list')
    .description('List the projects an app is authorized in, with its rights and their statuses there')
    .option('-a, --app <ref>', APP_HELP)
    .examples('spacectl project list --app deploy-bot', 'spacectl project list --app deploy-bot --json')
    .action(action(ctx, async () => (await import('./list.js')).projectList));

  project.command('remove')
    .description('Remove an app\'s authorization in a project (all its rights there)')
    .argument('<project-key>', 'project key, e.g. BACKEND')
    .option('-a, --app <ref>', APP_HELP)
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', DRY_RUN_HELP)
    .examples('spacectl project remove --app deploy-bot BACKEND --yes', 'spacectl project remove --app deploy-bot BACKEND --yes --json')
    .action(action(ctx, async () => (await import('./remove.js')).projectRemove));
}
