import {
  allOperations,
  allRights,
  isGlobalLevel,
  isProjectLevel,
  normalizeApiPath,
  resolveRight,
  resolveRights,
  rightsForOperation,
  RightsIndex,
  searchRights,
  type Right,
} from '../../src/domain/rights-catalog.js';
import { domainError } from '../helpers/expect.js';


describe('catalog data', () => {
  it('loads the 265 rights with known levels', () => {
    const rights = allRights();
    expect(rights).toHaveLength(265);
    expect(allRights()).toBe(rights); // cached
    const levels = new Set(rights.map((r) => r.level));
    expect([...levels].sort()).toEqual(['channel', 'global', 'global-or-project?', 'project', 'project?']);
  });

  it('has unique codes (also case-insensitively) and names', () => {
    const codes = allRights().map((r) => r.code.toLowerCase());
    expect(new Set(codes).size).toBe(codes.length);
    const names = allRights().map((r) => r.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('every right code used by an operation is in the catalog', () => {
    const codes = new Set(allRights().map((r) => r.code));
    const missing = allOperations().flatMap((o) => o.rightCodes.filter((c) => !codes.has(c)));
    expect(missing).toEqual([]);
  });
});

describe('resolveRight', () => {
  it('accepts a code, exactly or in any case', () => {
    expect(resolveRight('Project.Issues.View').code).toBe('Project.Issues.View');
    expect(resolveRight('  project.issues.view ').code).toBe('Project.Issues.View');
  });

  it('accepts a name: case-insensitive, whitespace-normalized, trailing " *" ignored', () => {
    expect(resolveRight('View issues').code).toBe('Project.Issues.View');
    expect(resolveRight('  view   ISSUES ').code).toBe('Project.Issues.View');
    expect(resolveRight('List application commands *').code).toBe('Applications.ListCommands');
    expect(resolveRight('Update applications').code).toBe('Applications.Edit');
  });

  it('suggests the closest codes for a typo', () => {
    const err = domainError(() => resolveRight('Project.Isues.View'));
    expect(err.message).toMatch(/^unknown right "Project\.Isues\.View"; did you mean Project\.Issues\.View, /);
    expect(err.message.split(',').length).toBe(3);
    expect(err.hint).toMatch(/code.*name/);
  });

  it('suggests substring matches first', () => {
    // "secret" is far from every code by edit distance but a substring of several.
    const err = domainError(() => resolveRight('secret'));
    expect(err.message).toBe('unknown right "secret"; did you mean Project.Secrets.Use, Project.Secrets.Edit, Project.Secrets.Create?');
  });

  it('suggests from names as well', () => {
    expect(domainError(() => resolveRight('View isues')).message).toMatch(/did you mean Project\.Issues\.View/);
  });

  it('gives no suggestions for something unrelated', () => {
    expect(domainError(() => resolveRight('qqqqqqqqqqqqqqqqqqqqqq')).message).toBe('unknown right "qqqqqqqqqqqqqqqqqqqqqq"');
  });
});

describe('RightsIndex (synthetic data)', () => {
  const mk = (code: string, name: string, level: Right['level'] = 'global'): Right => ({
    code,
    name,
    group: code.split('.')[0] as string,
    level,
    nameFromSpace: true,
  });
  const idx = new RightsIndex([mk('A.View', 'View things'), mk('B.View', 'View things'), mk('C.Edit', 'Edit stuff')]);

  it('reports an ambiguous name with the codes', () => {
    expect(domainError(() => idx.resolve('view things')).message).toBe(
      'right name "view things" is ambiguous; use one of the codes A.View, B.View',
    );
    expect(idx.resolve('A.View').code).toBe('A.View');
  });
});

describe('resolveRights', () => {
  it('dedupes and keeps order', () => {
    const rs = resolveRights(['View issues', 'Project.View', 'project.issues.view', 'Applications.Edit']);
    expect(rs.map((r) => r.code)).toEqual(['Project.Issues.View', 'Project.View', 'Applications.Edit']);
  });

  it('reports all unknown rights in one message', () => {
    const err = domainError(() => resolveRights(['Project.View', 'Project.Isues.View', 'Aplications.Edit']));
    expect(err.message).toMatch(/^2 rights not recognized: unknown right "Project\.Isues\.View"; did you mean/);
    expect(err.message).toMatch(/unknown right "Aplications\.Edit"; did you mean Applications\.Edit/);
  });

  it('returns [] for no input', () => {
    expect(resolveRights([])).toEqual([]);
  });
});

describe('searchRights and levels', () => {
  it('searches code, name and group case-insensitively', () => {
    expect(searchRights({ search: 'ISSUES' }).every((r) => /issues/i.test(`${r.code} ${r.name} ${r.group}`))).toBe(true);
    expect(searchRights({ search: 'view issues' }).map((r) => r.code)).toEqual(['Project.Issues.View']);
    expect(searchRights({ search: 'Applications' }).map((r) => r.code)).toContain('Applications.ViewSecrets');
    expect(searchRights()).toHaveLength(265);
  });

  it('filters by level', () => {
    const project = searchRights({ level: 'project' });
    expect(project.length).toBe(72 + 13 + 18);
    expect(project.every(isProjectLevel)).toBe(true);
    expect(project.map((r) => r.code)).toEqual(expect.arrayContaining(['Project.Issues.View', 'Automation.Execution.View', 'Documents.View']));
    const global = searchRights({ level: 'global', search: 'applications' });
    expect(global.map((r) => r.code)).toContain('Applications.Edit');
    expect(global.every(isGlobalLevel)).toBe(true);
    expect(searchRights({ level: 'channel' })).toHaveLength(14);
  });

  it('isProjectLevel', () => {
    expect(isProjectLevel(resolveRight('Project.Issues.View'))).toBe(true);
    expect(isProjectLevel(resolveRight('Automation.Execution.Start'))).toBe(true); // project?
    expect(isProjectLevel(resolveRight('Documents.View'))).toBe(true); // global-or-project?
    expect(isProjectLevel(resolveRight('Applications.Edit'))).toBe(false);
    expect(isProjectLevel(resolveRight('Channel.ViewMessages'))).toBe(false);
  });
});

describe('rightsForOperation', () => {
  const issues = { method: 'GET', path: '/projects/{project}/planning/issues', summary: 'Get all issues' };

  it.each([
    'GET /projects/{project}/planning/issues',
    'get projects/{project}/planning/issues',
    'GET /api/http/projects/{project}/planning/issues/',
    'GET /projects/key:ABC/planning/issues',
    'GET /projects/id:2bM5lQ0q4wPA/planning/issues?$top=10&$fields=data(id)',
    'GET https://acme.jetbrains.space/api/http/projects/key:ABC/planning/issues',
    '  GET   /projects/{projectId}/planning/issues  ',
  ])('%s', (spec) => {
    const r = rightsForOperation(spec);
    expect(r).toMatchObject(issues);
    expect(r.rights.map((x) => x.code)).toEqual(['Project.Issues.View']);
  });

  it('prefers literal segments over parameters', () => {
    expect(rightsForOperation('GET /projects/automation/deployment-targets/42').path).toBe(
      '/projects/automation/deployment-targets/{fullNumberId}',
    );
    expect(rightsForOperation('GET /projects/key:ABC/automation/deployment-targets/favorites').path).toBe(
      '/projects/{project}/automation/deployment-targets/favorites',
    );
  });

  it('matches prefixed identifier segments', () => {
    expect(rightsForOperation('GET /projects/member:john.doe').path).toBe('/projects/member:{member}');
  });

  it('every operation in the data resolves to itself', () => {
    for (const op of allOperations()) {
      const r = rightsForOperation(`${op.method} ${op.path}`);
      expect(`${r.method} ${r.path}`).toBe(`${op.method} ${op.path}`);
    }
  });

  it('returns an empty list when Space names no rights', () => {
    expect(rightsForOperation('GET /administration/user-agreement').rights).toEqual([]);
  });

  it('covers the calls spacectl itself makes', () => {
    expect(rightsForOperation('POST /applications/{application}/ssh-keys').rights.map((r) => r.code)).toEqual(['Applications.Edit']);
    expect(rightsForOperation('PATCH /applications/id:abc').rights.map((r) => r.code)).toEqual(['Applications.Edit']);
  });

  it('requires "<METHOD> <path>"', () => {
    expect(domainError(() => rightsForOperation('/projects/{project}/planning/issues')).message).toMatch(
      /is not an operation; expected "<METHOD> <path>"/,
    );
    expect(domainError(() => rightsForOperation('FETCH /projects')).message).toMatch(/unknown HTTP method "FETCH"; expected "<METHOD> <path>"/);
  });

  it('says which methods exist for a path', () => {
    expect(domainError(() => rightsForOperation('PUT /projects/{project}/planning/issues')).message).toBe(
      'no PUT operation at /projects/{project}/planning/issues; that path exists for POST, GET',
    );
  });

  it('suggests up to 3 close operations of the same method', () => {
    const err = domainError(() => rightsForOperation('GET /projects/key:ABC/planning/isues'));
    expect(err.message).toMatch(/^no API operation matches GET \/projects\/key:ABC\/planning\/isues; closest: GET \/projects\/\{project\}\/planning\/issues,/);
    const list = err.message.split('closest: ')[1] as string;
    expect(list.split(', ')).toHaveLength(3);
    expect(list.split(', ').every((s) => s.startsWith('GET '))).toBe(true);
  });
});

describe('normalizeApiPath', () => {
  it.each([
    ['projects', '/projects'],
    ['/api/http', '/'],
    ['/api/http/projects/', '/projects'],
    ['/api/httpx/projects', '/api/httpx/projects'],
    ['http://localhost:8080/api/http/applications?x=1#f', '/applications'],
  ])('%s → %s', (input, out) => {
    expect(normalizeApiPath(input)).toBe(out);
  });
});
