/**
 * The apps registered with the demo EHR's authorization server: each client id with the exact
 * redirect URIs it registered (RFC 6749 §3.1.2: compared as whole strings, not by origin), so a
 * code can be sent only where its client said it lives.
 */

export interface RegisteredClient {
  clientId: string;
  redirectUris: readonly string[];
}

/** The client id of smart-manifest.json's sandbox entry. */
export const APP_CLIENT_ID = 'aih-navigator';

/** AIH Navigator as the sandbox serves it: its redirect URI is the app's index page. */
export function appClient(appUrl: string): RegisteredClient {
  return { clientId: APP_CLIENT_ID, redirectUris: [`${appUrl.replace(/\/$/, '')}/index.html`] };
}

export function findClient(
  clients: readonly RegisteredClient[],
  clientId: string | null | undefined,
): RegisteredClient | undefined {
  return clients.find((client) => client.clientId === clientId);
}

export function isRegisteredRedirect(client: RegisteredClient, redirectUri: string): boolean {
  return client.redirectUris.includes(redirectUri);
}
