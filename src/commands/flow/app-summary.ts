import type { App } from '../../api/types.js';

/** How every flow/endpoint/ssh-key JSON document names the app. */
export const appSummary = (app: Pick<App, 'id' | 'name' | 'clientId'>) => ({ id: app.id, name: app.name, clientId: app.clientId });
