// Permission catalog and checks (Space HTTP API), built from data/rights-catalog.json.
import { rightsCatalog } from '../data.js';
import { GLOBAL, holds, resolveProject, projectContext, type Caller, type Context } from '../access.js';
import { notFound, requestError, validation } from '../errors.js';
import { findApp, type Handler } from './context.js';

let hierarchy: unknown;

/** DTO_RightsWithHierarchy: rights grouped by target type (level), groups by code prefix; no known deps. */
export const getPermissions: Handler = () => {
  if (!hierarchy) {
    const types = new Map<string, { typeCode: string; title: string; rights: unknown[] }>();
    const groups = new Map<string, { title: string; priority: number; rights: unknown[] }>();
    for (const r of rightsCatalog().values()) {
      const lvl = r.level.replace('?', '');
      const typeCode = lvl === 'project' ? 'Project' : lvl === 'channel' ? 'Channel' : lvl === 'global-or-project' ? 'Project' : 'Global';
      let t = types.get(typeCode);
      if (!t) types.set(typeCode, (t = { typeCode, title: typeCode, rights: [] }));
      t.rights.push({ code: r.code, title: r.name, description: null, grantedForUsers: true, featureFlag: null });
      let g = groups.get(r.group);
      if (!g) groups.set(r.group, (g = { title: r.group, priority: groups.size, rights: [] }));
      g.rights.push({ typeCode, code: r.code });
    }
    hierarchy = {
      rights: [...types.values()].map((t) => ({ rightType: { typeCode: t.typeCode, title: t.title }, rights: t.rights })),
      rightsGroups: [...groups.values()],
      deps: [],
    };
  }
  return hierarchy;
};

export const checkPermission: Handler = (c) => {
  const b = c.body as {
    principal: { className: string; application?: string; profile?: string };
    uniqueRightCode: string;
    target: { className: string; project?: string };
  };
  if (!rightsCatalog().has(b.uniqueRightCode)) throw validation(`Unknown right code '${b.uniqueRightCode}' in uniqueRightCode`);
  let who: Caller;
  if (b.principal.className === 'PrincipalIn.Application') {
    const ident = b.principal.application ?? '';
    const app = ident === 'me' && c.caller.kind === 'app' ? c.caller.app : findApp(c.state, ident);
    if (!app) throw notFound(`Application '${ident}' not found`);
    who = { kind: 'app', app, scope: { all: true } };
  } else if (b.principal.className === 'PrincipalIn.Profile') {
    const ident = b.principal.profile ?? '';
    const user = ident === 'me' && c.caller.kind === 'user' ? c.caller.user
      : ident.startsWith('username:') ? c.state.usersByName.get(ident.slice(9))
      : ident.startsWith('id:') ? c.state.usersById.get(ident.slice(3)) : undefined;
    if (!user) throw notFound(`Member profile '${ident}' not found`);
    who = { kind: 'user', user };
  } else {
    return false;
  }
  let ctx: Context = GLOBAL;
  if (b.target.className === 'ProjectPermissionTarget') {
    const p = resolveProject(c.state, b.target.project ?? '');
    if (!p) throw notFound(`Project '${b.target.project ?? ''}' not found`);
    ctx = projectContext(p);
  } else if (b.target.className !== 'GlobalPermissionTarget') {
    throw requestError(`Permission target '${b.target.className}' is not supported by the Space emulator`);
  }
  return holds(who, b.uniqueRightCode, ctx);
};
