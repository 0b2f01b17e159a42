import type { SpaceCommand } from '../../help/commander.js';
import { action, type RunContext } from '../define.js';

export function registerAuth(program: SpaceCommand, ctx: RunContext): void {
  const auth = program.command('auth').description('Log in through the browser, and check which server and credentials are in use')
    .examples('spacectl auth login --url https://acme.jetbrains.space', 'spacectl auth status', 'spacectl auth status --json');
  auth.command('login')
    .description('Log in through the browser (authorization code with PKCE); the tokens become a profile')
    .option('--web', 'log in with the browser (the default and only way)')
    .option('--url <server>', 'Space server URL')
    .option('--client-id <id>', 'client ID of the login application (or SPACECTL_LOGIN_CLIENT_ID)')
    .option('--scope <scope>', 'scope to ask for, e.g. "global:Applications.View" (default ** = everything you may do)')
    .option('--no-browser', 'print the URL instead of opening a browser')
    .option('--callback-port <n>', 'port of the loopback redirect on 127.0.0.1 (default: any free one)')
    .option('--ca-file <pem>', 'trust this CA (PEM) for this server too')
    .option('--insecure-storage', 'keep the tokens in the 0600 credentials file, not the OS keyring')
    .examples('spacectl auth login --url https://acme.jetbrains.space', 'spacectl auth login --url https://acme.jetbrains.space --no-browser --scope "global:Applications.View"')
    .action(action(ctx, async () => (await import('./login.js')).authLogin));
  auth.command('setup-login-app')
    .description('Register (or check) the application `auth login` signs in through; an administrator runs it once')
    .option('--name <name>', 'application name', 'spacectl-login')
    .examples('spacectl auth setup-login-app', 'spacectl auth setup-login-app --name acme-cli-login --json')
    .action(action(ctx, async () => (await import('./setup-login-app.js')).authSetupLoginApp));
  auth.command('logout').description('Delete the tokens of a browser login (the active profile, or --profile)')
    .examples('spacectl auth logout', 'spacectl --profile acme auth logout')
    .action(action(ctx, async () => (await import('./login.js')).authLogout));
  auth.command('token').description('Print the access token in use (refreshed if due), alone on stdout')
    .examples('spacectl auth token', 'TOKEN="$(spacectl auth token)"')
    .action(action(ctx, async () => (await import('./login.js')).authToken));
  auth.command('status')
    .description('Server, identity, and where each value came from (flag, env, profile); never the secret')
    .examples('spacectl auth status', 'spacectl auth status --json')
    .action(action(ctx, async () => (await import('./status.js')).authStatus));
}
