// Start-up and single commands. Every figure is a ratio to `node -e 0`, measured in one loop that runs each
// command once per round, in an order that rotates every round, so load on this shared machine falls on all
// of them alike. Beside the floor: the peers' floor — loading node:http, and one GET with node:http against the
// same server — which is as close as any Node CLI that sends one request can get.
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN, BIN, NODE, ROOT, fmt, median, run, startEmulator } from './lib.js';

export const title = 'Start-up and one request (× `node -e 0`, medians, alternating, clean environment)';

const GET = `const h = require('node:http');
h.get(process.env.SPACE_URL + '/api/http/applications/paged?$top=100', { headers: { authorization: 'Bearer ' + process.env.SPACE_TOKEN, accept: 'application/json' } }, (r) => {
  let b = ''; r.setEncoding('utf8'); r.on('data', (d) => (b += d)); r.on('end', () => JSON.parse(b));
});`;

/** The top-level commands the root help lists, from the build's help data (dist/help.json, src/help/fast.ts). */
function topLevelCommands() {
  const tree = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/help.json'), 'utf8'));
  const names = tree[''].help.commandGroups.flatMap((g) => g.items.map((i) => i.term));
  if (!names.length) throw new Error('bench: no top-level commands in dist/help.json');
  return names;
}

export async function measure({ runs }) {
  const emu = await startEmulator();
  try {
    await emu.control('POST', 'seed-apps', { count: 50, prefix: 'listed', ownerToken: 'admin' });
    const api = { SPACE_URL: emu.url, SPACE_TOKEN: ADMIN };
    const cases = [
      { name: 'node -e 0 (the floor)', args: () => ['-e', '0'] },
      { name: 'peers: node -e "require(\'node:http\')"', args: () => ['-e', "require('node:http')"], peer: true },
      { name: 'peers: one GET with node:http', args: () => ['-e', GET], env: api, peer: true },
      { name: 'spacectl --version', args: () => [BIN, '--version'], target: 1.2 },
      { name: 'spacectl --help', args: () => [BIN, '--help'], target: 1.35 },
      ...topLevelCommands().map((g) => ({ name: `spacectl ${g} --help`, args: () => [BIN, g, '--help'], target: 1.35, group: true })),
      { name: 'spacectl app list --json', args: () => [BIN, 'app', 'list', '--json'], env: api, target: 2.5, counted: true },
      { name: 'spacectl app create --json', args: (i) => [BIN, 'app', 'create', '--name', `bench-${i}`, '--json'], env: api, target: 2.5, counted: true },
    ];
    for (const c of cases) { c.ms = []; c.requests = []; }
    // One untimed round warms the file cache (and checks every command works).
    for (const c of cases) {
      const r = await run(NODE, c.args('warm'), c.env);
      if (r.code !== 0) throw new Error(`${c.name} exited ${r.code}: ${r.stderr}`);
    }
    for (let i = 0; i < runs; i++) {
      for (let k = 0; k < cases.length; k++) {
        const c = cases[(i + k) % cases.length];
        if (c.counted) await emu.control('POST', 'stats/reset');
        const r = await run(NODE, c.args(i), c.env);
        if (r.code !== 0) throw new Error(`${c.name} exited ${r.code}: ${r.stderr}`);
        c.ms.push(r.ms);
        if (c.counted) c.requests.push((await emu.control('GET', 'stats')).requests);
      }
    }
    const floor = median(cases[0].ms);
    for (const c of cases) { c.median = median(c.ms); c.ratio = c.median / floor; }

    const targets = [];
    const single = (c) => {
      const requests = c.counted ? ` (${[...new Set(c.requests)].join('/')} request)` : '';
      const ok = c.ratio <= c.target && (!c.counted || c.requests.every((n) => n === 1));
      targets.push({ name: `${c.name.replace('spacectl ', '')} ≤ ${c.target}×`, ok, detail: `${fmt(c.ratio, 2)}×${requests}` });
    };
    for (const c of cases.filter((x) => x.target && !x.group)) single(c);
    const grp = cases.filter((c) => c.group);
    const slowest = grp.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    targets.push({ name: `every top-level command's --help ≤ 1.35× (${grp.length} commands)`, ok: grp.every((c) => c.ratio <= 1.35), detail: `slowest ${slowest.name.replace('spacectl ', '')} ${fmt(slowest.ratio, 2)}×` });
    // Keep the order of the table: floor, peers, the CLI.
    targets.sort((a, b) => (a.name.includes('group') ? 1 : 0) - (b.name.includes('group') ? 1 : 0));

    return {
      columns: ['command', 'median ms', '× node -e 0', 'target', 'requests'],
      rows: cases.map((c) => [c.name, fmt(c.median), fmt(c.ratio, 2), c.target ? `≤ ${c.target}` : '', c.counted ? fmt(median(c.requests), 0) : '']),
      targets,
      data: Object.fromEntries(cases.map((c) => [c.name, { medianMs: c.median, ratio: c.ratio, ...(c.counted ? { requests: median(c.requests) } : {}) }])),
    };
  } finally {
    await emu.stop();
  }
}
