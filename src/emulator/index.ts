// Space emulator: a local, Space-compatible HTTP server whose every request is validated against
// Space's OpenAPI document (see server.ts for the request pipeline, seed.ts for the seed state).
export type { EmulatorOptions, EmulatorStats, RecordedRequest, UserInfo, FaultSpec, Emulator } from './types.js';
export { startEmulator } from './server.js';
