// Projects and member profiles (Space HTTP API).
import { resolveProject } from '../access.js';
import { denied, notFound } from '../errors.js';
import { renderProfile, renderProject } from '../render.js';
import { paging } from './apps.js';
import { str, type Handler } from './context.js';

export const listProjects: Handler = (c) => {
  const { skip, top } = paging(c);
  const term = str(c.query, 'term')?.toLowerCase() ?? '';
  const tag = str(c.query, 'tag');
  const starred = str(c.query, 'starred') === 'true';
  // Seed projects have no tags and nobody starred any.
  const list = tag || starred ? [] : c.state.projects.filter((p) => !term || p.key.toLowerCase().includes(term) || p.name.toLowerCase().includes(term));
  const page = list.slice(skip, skip + top);
  return { next: String(skip + page.length), totalCount: list.length, data: page.map(renderProject) };
};

export const getProject: Handler = (c) => {
  const ident = c.params.project ?? '';
  const p = resolveProject(c.state, ident);
  if (!p) throw notFound(`Project '${ident}' not found`);
  return renderProject(p);
};

export const getProfile: Handler = (c) => {
  const ident = c.params.profile ?? '';
  if (ident === 'me') {
    if (c.caller.kind === 'app') throw denied(`Application '${c.caller.app.name}' has no member profile: applications have no profile (use GET /applications/me)`);
    return renderProfile(c.caller.user);
  }
  const u = ident.startsWith('username:')
    ? c.state.usersByName.get(ident.slice(9))
    : ident.startsWith('id:') ? c.state.usersById.get(ident.slice(3)) : undefined;
  if (!u) throw notFound(`Member profile '${ident}' not found`);
  return renderProfile(u);
};
