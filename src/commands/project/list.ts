// `spacectl project list`: the projects an app is authorized in, with its rights and statuses there.
import { appId, contextOf, projectContext } from '../../api/ids.js';
import { getAuthorizedContexts, getAuthorizedRights } from '../../api/rights.js';
import type { Factory } from '../../factory.js';
import { info, printJson, printTable } from '../../io/output.js';
import { rightName } from '../../services/rights/request.js';
import { resolveApp } from '../../services/apps/ref.js';
import { requireValues } from '../shared/inputs.js';

export async function projectList(flags: { app?: string }, f: Factory): Promise<void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: () => f.prompter.input({ message: 'Application' }) }] as const);
  const api = await f.api();
  const app = await resolveApp(api, ref);
  const id = appId(app.id);
  const projects: Array<{ key: string; name?: string; context: string; rights: Array<{ code: string; name: string; status: string }> }> = [];
  for (const c of await getAuthorizedContexts(api, id)) {
    const ctx = contextOf(c);
    if (ctx?.kind !== 'project') continue;
    const rights = (await getAuthorizedRights(api, id, projectContext(ctx.key)))
      .filter((r) => r.status !== 'NONE')
      .map((r) => ({ code: r.code, name: rightName(r.code, r.name), status: r.status.toLowerCase() }));
    projects.push({ key: ctx.key, name: c.project?.name, context: `project:key:${ctx.key}`, rights });
  }
  if (f.io.json) return printJson(f.io, projects);
  if (!projects.length) return info(f.io, `${app.name} is not authorized in any project. Add it with \`spacectl project add --app id:${app.id} <project-key>\`.`);
  printTable(f.io, ['PROJECT', 'RIGHT', 'NAME', 'STATUS'], projects.flatMap((p) =>
    p.rights.length ? p.rights.map((r) => [p.key, r.code, r.name, r.status]) : [[p.key, '-', '-', '-']]));
}
