// Who can approve a pending right (Space HTTP API; Space docs "request permissions"): global rights by a
// Space administrator, project rights by that project's administrators.
import type { Context } from '../../api/ids.js';

export function approverFor(context: Context): string {
  return context.kind === 'global'
    ? 'a Space administrator (Superadmin)'
    : `an administrator of project ${context.key} (Project.Admin there) or a Space administrator`;
}
