/**
 * Seed state of the Space emulator (static: not part of the state file).
 *
 * Users (TD_MemberProfile `id`, `username`, `name{firstName,lastName}`), each reached with a bearer token
 * (EmulatorOptions.adminToken / projectAdminToken / memberToken, random by default):
 *   - `admin` — Ada Admin (id `usrAdaAdmin1`): holds `Superadmin` globally, which implies every right in
 *     every context.
 *   - `pat` — Pat Projectadmin (id `usrPatPrjAdm`): project admin of BACKEND (holds `Project.Admin` there,
 *     which implies every project-level right in BACKEND), plus the member's global rights below.
 *   - `max` — Max Member (id `usrMaxMember`): global rights `Applications.Create`, `Applications.View`,
 *     `Applications.Edit`, `Applications.ViewSecrets`, `Project.View`, `Profile.View`, `Team.View`.
 *   A right held globally is also held in every project (a global grant of a project-level right covers
 *   all projects).
 *
 * Projects (PR_Project, `private:false`, `archived:false`):
 *   - `BACKEND` "Backend"  (id `prjBackend01`)
 *   - `MOBILE`  "Mobile"   (id `prjMobile001`)
 *   - `WEB`     "Web site" (id `prjWebSite01`)
 *
 * Applications: none.
 */

export interface UserSeed {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  role: 'admin' | 'projectAdmin' | 'member';
  globalRights: string[];
  /** Project ids in which the user holds Project.Admin. */
  projectAdminOf: string[];
}

export interface ProjectSeed { id: string; key: string; name: string; description: string; createdAt: string }

export const MEMBER_GLOBAL_RIGHTS = [
  'Applications.Create',
  'Applications.View',
  'Applications.Edit',
  'Applications.ViewSecrets',
  'Project.View',
  'Profile.View',
  'Team.View',
];

export const PROJECTS: ProjectSeed[] = [
  { id: 'prjBackend01', key: 'BACKEND', name: 'Backend', description: 'Server-side services', createdAt: '2023-01-10T09:00:00.000Z' },
  { id: 'prjMobile001', key: 'MOBILE', name: 'Mobile', description: 'iOS and Android apps', createdAt: '2023-01-11T09:00:00.000Z' },
  { id: 'prjWebSite01', key: 'WEB', name: 'Web site', description: 'Public web site', createdAt: '2023-01-12T09:00:00.000Z' },
];

export const USERS: UserSeed[] = [
  { id: 'usrAdaAdmin1', username: 'admin', firstName: 'Ada', lastName: 'Admin', role: 'admin', globalRights: ['Superadmin'], projectAdminOf: [] },
  { id: 'usrPatPrjAdm', username: 'pat', firstName: 'Pat', lastName: 'Projectadmin', role: 'projectAdmin', globalRights: MEMBER_GLOBAL_RIGHTS, projectAdminOf: ['prjBackend01'] },
  { id: 'usrMaxMember', username: 'max', firstName: 'Max', lastName: 'Member', role: 'member', globalRights: MEMBER_GLOBAL_RIGHTS, projectAdminOf: [] },
];
