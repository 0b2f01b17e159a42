// Runs the emulator as its own process (benchmarks, manual demos):
//   node dist/emulator/cli.js [--port 0] [--host 127.0.0.1] [--state file.json] [--latency ms] [--token-ttl s]
// Tokens may be fixed with SPACE_EMU_ADMIN_TOKEN / SPACE_EMU_PROJECT_ADMIN_TOKEN / SPACE_EMU_MEMBER_TOKEN.
// Prints one JSON line `{"url":…,"tokens":{…},"users":{…}}` on stdout when ready; stops on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startEmulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    state: { type: 'string' },
    latency: { type: 'string', default: '0' },
    'token-ttl': { type: 'string', default: '600' },
  },
});

const emu = await startEmulator({
  host: values.host,
  port: Number(values.port),
  statePath: values.state,
  latencyMs: Number(values.latency),
  tokenTtlSeconds: Number(values['token-ttl']),
  adminToken: process.env.SPACE_EMU_ADMIN_TOKEN || undefined,
  projectAdminToken: process.env.SPACE_EMU_PROJECT_ADMIN_TOKEN || undefined,
  memberToken: process.env.SPACE_EMU_MEMBER_TOKEN || undefined,
});
process.stdout.write(`${JSON.stringify({ url: emu.url, tokens: emu.tokens, users: emu.users })}\n`);

const stop = (): void => {
  void emu.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
