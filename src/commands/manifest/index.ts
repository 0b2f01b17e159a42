// `plan`, `apply` (top level) and `app export`: declarative provisioning from a manifest (spacectl.yaml).
import type { SpaceCommand } from '../../help/commander.js';
import { APP_HELP, action, DRY_RUN_HELP, type RunContext } from '../define.js';

const PLAN_EXIT_CODES = '0 in sync · 3 changes pending · 1 error · 2 invalid manifest or usage';
const APPLY_EXIT_CODES = '0 done or in sync · 8 rights still wait for approval · 5 some --prune removals need other credentials · 1 error (the steps already done are listed; run apply again to continue) · 2 invalid manifest or usage';

export function registerManifest(program: SpaceCommand, ctx: RunContext): void {
  program.command('plan')
    .description('Show what `apply` would change to make Space match the manifest (read-only)')
    .option('-f, --file <path>', 'manifest file, YAML or JSON (- reads standard input)', 'spacectl.yaml')
    .option('--prune', 'also show removals: redirect URIs, rights and SSH keys that are not in the manifest')
    .examples('spacectl plan -f spacectl.yaml', 'spacectl plan -f spacectl.yaml --json   # {inSync, apps:[{name, action, changes}]}')
    .section('EXIT CODES', PLAN_EXIT_CODES)
    .action(action(ctx, async () => (await import('./plan.js')).planCommand));

  program.command('apply')
    .description('Make Space match the manifest: create apps, change only what differs, request rights, add keys')
    .option('-f, --file <path>', 'manifest file, YAML or JSON (- reads standard input)', 'spacectl.yaml')
    .option('-y, --yes', 'do not ask for confirmation (needed when not interactive)')
    .option('--prune', 'also remove redirect URIs, rights requests and SSH keys that are not in the manifest')
    .option('--force', 'overwrite secret files and env-file variables that hold something other than the app\'s current secret')
    .option('--report <format-and-file...>', 'also write a report: junit <file> (one test case per application, for CI dashboards)')
    .option('--dry-run', DRY_RUN_HELP)
    .examples('spacectl apply -f spacectl.yaml', 'spacectl apply -f spacectl.yaml --yes --prune', 'spacectl apply -f spacectl.yaml --yes --report junit apply-results.xml')
    .section('EXIT CODES', APPLY_EXIT_CODES)
    .action(action(ctx, async () => (await import('./apply.js')).applyCommand));

  const app = program.commands.find((c) => c.name() === 'app') as SpaceCommand | undefined;
  if (!app) return;
  app.command('export')
    .description('Write the manifest of an existing application, or of all of them (secrets excluded), to bring them under `spacectl apply`')
    .option('-a, --app <ref>', APP_HELP)
    .option('--all', 'every application, streamed: into one manifest, or one file per app when --output is a directory')
    .option('--name <part>', 'with --all: only applications whose name contains this text (case-insensitive)')
    .option('-o, --output <file|dir>', 'write to this file (.json → JSON, otherwise YAML), or with --all to this directory (ends in /)')
    .option('--force', 'overwrite --output if it exists with other content (with --all: write into a non-empty directory)')
    .examples(
      'spacectl app export --app deploy-bot --output spacectl.yaml',
      'spacectl app export --app deploy-bot --json',
      'spacectl app export --all --output backup/ --force',
      'spacectl app export --all --name bot --json',
    )
    .action(action(ctx, async () => (await import('./export.js')).exportCommand));
}
