import { getMyApplication, getMyProfile } from '../../api/misc.js';
import type { SpaceClient } from '../../api/client.js';

/** Who the credentials belong to: a member for tokens, the application itself for client credentials. */
export async function whoAmI(api: SpaceClient, kind: 'token' | 'client-credentials' | 'oauth'): Promise<string> {
  if (kind === 'client-credentials') {
    const app = await getMyApplication(api);
    return `application ${app.name} (id:${app.id})`;
  }
  const me = await getMyProfile(api);
  const full = [me.name?.firstName, me.name?.lastName].filter(Boolean).join(' ');
  return `${me.username ?? me.id}${full ? ` (${full})` : ''}`;
}
