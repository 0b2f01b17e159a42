import type { Command } from 'commander';
import { action, type RunContext } from '../define.js';

export function registerAuth(program: Command, ctx: RunContext): void {
  const auth = program.command('auth').description('Check which server and credentials are in use');
  auth.command('status')
    .description('Server, identity, and where each value came from (flag, env, profile); never the secret')
    .action(action(ctx, async () => (await import('./status.js')).authStatus));
}
