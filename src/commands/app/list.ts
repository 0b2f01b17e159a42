import { listApps } from '../../api/apps.js';
import type { Factory } from '../../factory.js';
import { printJson, printTable } from '../../io/output.js';

export async function appList(flags: { name?: string }, f: Factory): Promise<void> {
  const api = await f.api();
  const rows: Array<{ id: string; name: string; clientId: string }> = [];
  for await (const a of listApps(api, { name: flags.name })) rows.push({ id: a.id, name: a.name, clientId: a.clientId });
  if (f.io.json) return printJson(f.io, rows);
  printTable(f.io, ['NAME', 'ID', 'CLIENT ID'], rows.map((r) => [r.name, r.id, r.clientId]));
}
