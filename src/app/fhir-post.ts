/**
 * Writes through fhirclient's refreshing request path (`client.request`, never `client.create`,
 * which does not refresh an expired token). fhirclient refreshes a token it knows to be expired
 * before sending; when the server still answers 401 (clock skew, a token revoked early) fhirclient
 * forgets the tokens, so they are put back, refreshed once, and the POST retried once. A 401 on a
 * POST means nothing was stored, so the retry cannot duplicate.
 */
import type Client from 'fhirclient/lib/Client';
import type { PostAnswer } from './session.js';

const SMART_KEY = 'SMART_KEY';

function statusOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
}

/** The session cannot be renewed: only a relaunch helps (read as 401 by the write-back). */
function sessionEnded(): Error {
  return Object.assign(new Error('The session expired and could not be renewed.'), { status: 401 });
}

export function postThroughClient(
  client: Client,
): (url: string, body: object, headers?: Record<string, string>) => Promise<PostAnswer> {
  return async (url, body, headers = {}) => {
    const send = async (): Promise<PostAnswer> => {
      const answer: unknown = await client.request({
        url,
        method: 'POST',
        headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json', ...headers },
        body: JSON.stringify(body),
        includeResponse: true,
      });
      const { body: parsed, response } = answer as { body: unknown; response?: { status?: number } };
      return { status: response?.status ?? 0, body: parsed };
    };
    const saved = { ...client.state.tokenResponse };
    const key = client.state.key;
    try {
      return await send();
    } catch (error) {
      if (statusOf(error) !== 401 || !saved.refresh_token) throw error;
    }
    client.state.tokenResponse = saved;
    try {
      await client.refresh();
    } catch {
      throw sessionEnded();
    }
    // fhirclient dropped its session pointer with the tokens; a reload must still find the session.
    if (key) await client.environment.getStorage().set(SMART_KEY, key);
    try {
      return await send();
    } catch (error) {
      throw statusOf(error) === 401 ? sessionEnded() : error;
    }
  };
}
