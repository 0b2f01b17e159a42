import { Option } from 'commander';
import type { SpaceCommand } from '../../help/commander.js';
import { APP_HELP, action, collect, DRY_RUN_HELP, type RunContext } from '../define.js';

export function registerRights(program: SpaceCommand, ctx: RunContext): void {
  const rights = program.command('rights').description('Request, list and authorize application rights (registration step 3)')
    .examples('spacectl rights catalog --search issues', 'spacectl rights request --app deploy-bot Profile.View', 'spacectl rights authorize --app deploy-bot --yes');

  rights.command('catalog')
    .description('List the rights Space knows (shipped with spacectl): code, name, group, level')
    .option('-s, --search <text>', 'only rights whose code, name or group contains this text')
    .addOption(new Option('--level <level>', 'only rights grantable at this level').choices(['global', 'project', 'channel']))
    .examples(
      'spacectl rights catalog --search issues',
      'spacectl rights catalog --level project --json',
    )
    .action(action(ctx, async () => (await import('./catalog.js')).rightsCatalog));

  rights.command('for')
    .description('Show the rights an API call needs, e.g. "GET /projects/{project}/planning/issues"')
    .argument('<call...>', 'the call as "<METHOD> <path>"; the path may hold real values or be a full URL')
    .examples(
      'spacectl rights for "GET /projects/{project}/planning/issues"',
      'spacectl rights for "POST /projects/key:BACKEND/planning/issues" --json',
    )
    .action(action(ctx, async () => (await import('./catalog.js')).rightsFor));

  rights.command('request')
    .description('Add rights to an app\'s required rights and request them globally or in projects; exit 8 while approval is pending')
    .argument('[rights...]', 'rights by code (Project.Issues.View) or name ("View issues")')
    .option('-a, --app <ref>', APP_HELP)
    .option('--global', 'request in the global context (the default without --project)')
    .option('-p, --project <key>', 'request in this project (repeatable); only project-level rights', collect)
    .option('--for <call>', 'also request the rights this API call needs: "<METHOD> <path>"')
    .option('--wait', 'wait until an administrator grants or rejects the pending rights')
    .option('--timeout <seconds>', 'with --wait: give up after this long (default 300), exit 8')
    .option('--interval <seconds>', 'with --wait: seconds between checks (default 5)')
    .notes(`Rights you hold yourself are granted at once; the others stay pending until a Space administrator
(global rights) or an administrator of the project (project rights) approves them. Exit codes:
0 all granted, 8 some pending, 1 rejected while waiting. A re-run sends nothing already requested.`)
    .option('--dry-run', DRY_RUN_HELP)
    .examples(
      'spacectl rights request --app deploy-bot Profile.View "View teams"',
      'spacectl rights request --app deploy-bot --project BACKEND --project WEB Project.Issues.View',
      'spacectl rights request --app deploy-bot --project BACKEND --for "GET /projects/{project}/planning/issues"',
      'spacectl rights request --app deploy-bot Team.View --wait --timeout 600',
    )
    .action(action(ctx, async () => (await import('./request.js')).rightsRequest));

  rights.command('list')
    .description('List an app\'s rights and their statuses (default: the global context)')
    .option('-a, --app <ref>', APP_HELP)
    .option('--global', 'the global context')
    .option('-p, --project <key>', 'this project\'s context (repeatable)', collect)
    .option('--all-contexts', 'every context the app is authorized in')
    .addOption(new Option('--status <status>', 'only rights with this status').choices(['requested', 'granted', 'rejected']))
    .examples(
      'spacectl rights list --app deploy-bot',
      'spacectl rights list --app deploy-bot --all-contexts --status requested --json',
    )
    .action(action(ctx, async () => (await import('./list.js')).rightsList));

  rights.command('authorize')
    .description('Approve (or reject) requested rights of one, several or all apps, one PATCH per app and context')
    .option('-a, --app <ref>', `${APP_HELP} (repeatable)`, collect)
    .option('--all-apps', 'every application (streamed, processed concurrently)')
    .option('--global', 'only the global context')
    .option('-p, --project <key>', 'only this project\'s context (repeatable)', collect)
    .option('-r, --right <right>', 'only this right, by code or name (repeatable)', collect)
    .option('--reject', 'reject the requests instead of approving them')
    .option('--policy <file>', 'decide per right with an approval policy (YAML/JSON; schema/spacectl-policy.schema.json)')
    .option('--dry-run', 'only show what would be approved; change nothing')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--concurrency <n>', 'applications processed at once, 1-64 (default 8)')
    .option('--report <format-and-file...>', 'also write a report: junit <file> (one test case per application, for CI dashboards)')
    .notes(`Global rights can be approved only by a Space administrator (Superadmin); rights in a project by that
project's administrators (or a Space administrator). Without --yes the plan is shown and confirmed first.
With --policy the first matching rule approves or rejects each requested right; rights no rule matches
stay pending and are listed; --dry-run shows each decision with its rule (rules[N]) and sends nothing.
Exit codes: 0 done, 5 some applications failed (the others were done), 4 all failed for lack of permission.`)
    .examples(
      'spacectl rights authorize --app deploy-bot',
      'spacectl rights authorize --all-apps --dry-run',
      'spacectl rights authorize --all-apps --project BACKEND --yes --json',
      'spacectl rights authorize --app deploy-bot --right Team.View --reject --yes',
      'spacectl rights authorize --all-apps --policy examples/policy.yaml --dry-run',
    )
    .action(action(ctx, async () => (await import('./authorize.js')).rightsAuthorize));

  rights.command('pending')
    .description('The queue: every requested right of every app, with requester and time, oldest first (read-only)')
    .option('-a, --app <ref>', `only this ${APP_HELP} (repeatable)`, collect)
    .option('--global', 'only the global context')
    .option('-p, --project <key>', 'only this project\'s context (repeatable)', collect)
    .option('-r, --right <right>', 'only this right, by code or name (repeatable)', collect)
    .option('--concurrency <n>', 'applications read at once, 1-64 (default 8)')
    .notes(`One row per application, context and right. Piped output is tab-separated without a header (REQUESTED,
APP, CONTEXT, RIGHT, NAME, BY); the summary goes to stderr. Exit codes: 0 read, 5 some apps could not be read.`)
    .examples(
      'spacectl rights pending',
      'spacectl rights pending --project BACKEND --right "View issues"',
      'spacectl rights pending --app deploy-bot --json',
    )
    .action(action(ctx, async () => (await import('./pending.js')).rightsPending));

  rights.command('review')
    .description('Walk the queue of pending rights on a terminal: per app approve all, reject all, pick, skip or quit')
    .option('-a, --app <ref>', `only this ${APP_HELP} (repeatable)`, collect)
    .option('--global', 'only the global context')
    .option('-p, --project <key>', 'only this project\'s context (repeatable)', collect)
    .option('-r, --right <right>', 'only this right, by code or name (repeatable)', collect)
    .option('--confirm-at-end', 'decide every app first, then confirm all decisions once (default: confirm per app)')
    .option('--concurrency <n>', 'applications read at once, 1-64 (default 8)')
    .notes(`Interactive only: without a terminal it exits 2 (decide in scripts with \`rights authorize --policy <file>\`).
Nothing is sent for an app until its decisions are confirmed; Ctrl+C leaves exactly the confirmed ones applied
(exit 130). Exit codes: 0 done (also after Quit), 5 some confirmed apps failed, 130 interrupted.`)
    .examples(
      'spacectl rights review',
      'spacectl rights review --project BACKEND --confirm-at-end',
    )
    .action(action(ctx, async () => (await import('./review.js')).rightsReview));
}
