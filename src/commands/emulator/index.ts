import { Option } from 'commander';
import type { SpaceCommand } from '../../help/commander.js';
import { action, type RunContext } from '../define.js';

export function registerEmulator(program: SpaceCommand, ctx: RunContext): void {
  program.command('emulator')
    .description('Run a local Space-compatible server (for demos, tests and CI dry-runs)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', '8090')
    .option('--state <file>', 'keep state in this JSON file (written atomically) so a restart keeps it')
    .option('--admin-token <token>', 'admin token to accept (default: random)')
    .option('--project-admin-token <token>', 'project admin token (default: random)')
    .option('--member-token <token>', 'member token (default: random)')
    .addOption(new Option('--latency <ms>', 'added delay per request, to stand in for a real network').default('0'))
    .option('--tls-cert <pem>', 'serve HTTPS with this certificate (chain) file; needs --tls-key')
    .option('--tls-key <pem>', 'private key of --tls-cert')
    .addOption(new Option('--token-ttl <seconds>', 'lifetime of /oauth/token access tokens (short values exercise token refresh)').default('600'))
    .examples(
      'spacectl emulator --port 8090 --admin-token dev-admin',
      'spacectl emulator --port 0 --state ./emulator-state.json --latency 200',
    )
    .action(action(ctx, async () => (await import('./run.js')).emulatorRun));
}
