/**
 * A {@link FhirRequester} for the service's reads from the EHR on `node:http`/`node:https` with
 * kept-alive connections. The global `fetch` cost the service more CPU per search than parsing the
 * answer (its streams and headers machinery, per request); a call makes eight searches at once.
 * The rules are those of the fetch requester (fetch-requester.ts): every request, redirects included,
 * goes to the EHR's own origin and only there, the token with it; a non-2xx answer throws
 * {@link FhirHttpError} with its parsed body and Retry-After. A Bundle entry that repeats one this
 * requester read before (one requester serves one call) is parsed once (shared-entries.ts). With a
 * {@link FetchedBodyCache}, an answer whose exact bytes came before is not parsed again; with a
 * {@link FetchLedger}, every answer's digest (and every failure) is written down for the call.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { CrossOriginRefused } from '../fhir/load/fetch-requester.js';
import { FhirHttpError } from '../fhir/load/http-failure.js';
import type { FhirRequester } from '../fhir/load/types.js';
import type { FetchLedger } from './fetch-ledger.js';
import { fetchedBodyDigest, type FetchedBodyCache, type Parsed } from './fetched-body-cache.js';
import { SharedEntryParser } from './shared-entries.js';

/** Redirects followed within the origin before the request fails (as the fetch requester). */
const MAX_REDIRECTS = 5;

/** An idle connection is closed after this long; the EHR may close it sooner. */
const IDLE_SOCKET_MS = 30_000;

/**
 * Connections are kept per origin and reused by the next calls of the same EHR (the TLS handshake and
 * TCP set-up are paid once, not per search). One pool per thread: each worker has its own.
 */
const options = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, timeout: IDLE_SOCKET_MS };
const agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };

interface Answer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface AnswerReuse {
  /** Parses kept by the exact bytes of the answer (shared by the calls of one thread). */
  bodies?: FetchedBodyCache;
  /** This call's record of what was read. */
  ledger?: FetchLedger;
}

export function createHttpRequester(
  baseUrl: string,
  accessToken?: string,
  reuse: AnswerReuse = {},
): FhirRequester {
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new Error('The FHIR server must be an http(s) URL.');
  const headers: Record<string, string> = {
    accept: 'application/fhir+json',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const { bodies, ledger } = reuse;
  const server = base.href;
  const entries = new SharedEntryParser();
  const parseJson = (text: string): unknown => entries.parse(text);
  /** The 2xx answer's parse, through the cache when there is one; its digest to the ledger. */
  const read = (answer: Answer, url: string, signal: AbortSignal | undefined): unknown => {
    if (!bodies && !ledger) return parseBody(answer, parseJson).value;
    const encoding = encodingOf(answer);
    let length = 0;
    const parse = (): Parsed => {
      const parsed = parseBody(answer, parseJson);
      length = parsed.length;
      return parsed;
    };
    const { value, digest } = bodies
      ? bodies.read(server, encoding, answer.body, parse)
      : { value: parse().value, digest: fetchedBodyDigest(server, encoding, answer.body) };
    // An answer that came after the loader gave up (time-out, cancel) is not one it used.
    if (signal?.aborted) ledger?.failed();
    else ledger?.answered(url, digest, length || answer.body.length);
    return value;
  };
  const request = async (url: string, signal: AbortSignal | undefined): Promise<unknown> => {
    let target = new URL(url, base);
    if (target.origin !== base.origin) throw new CrossOriginRefused('A link or reference');
    let answer = await get(target, headers, signal);
    for (let redirects = 0; isRedirect(answer.status); redirects += 1) {
      const location = answer.headers.location;
      if (location === undefined || redirects >= MAX_REDIRECTS)
        throw new FhirHttpError(answer.status, 'redirect not followed', '');
      target = new URL(location, target);
      if (target.origin !== base.origin) throw new CrossOriginRefused('A redirect');
      answer = await get(target, headers, signal);
    }
    if (answer.status < 200 || answer.status > 299) {
      const retryAfter = answer.headers['retry-after'];
      throw new FhirHttpError(answer.status, answer.statusText, parseBody(answer).value, retryAfter);
    }
    return read(answer, url, signal);
  };
  return {
    async request(url, init = {}) {
      try {
        return await request(url, init.signal);
      } catch (error) {
        ledger?.failed();
        throw error;
      }
    },
  };
}

function get(target: URL, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const secure = target.protocol === 'https:';
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      { method: 'GET', headers, agent: secure ? agents.https : agents.http, ...(signal ? { signal } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        // Closed before the whole answer came (an abort, a dropped connection): never resolves as complete.
        response.on('close', () => {
          if (!response.complete) reject(new Error('the connection closed before the answer was complete'));
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            // One chunk (most answers) is the body as it is: nothing keeps it beyond this call.
            body: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * The parsed JSON body; the text when it is not JSON; '' when empty (as the fetch requester), with the
 * length of the decoded text.
 */
function parseBody(answer: Answer, parseJson: (text: string) => unknown = JSON.parse): Parsed {
  let text = decoded(answer).toString('utf8');
  // A UTF-8 byte order mark is dropped, as fetch's text() drops it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return { value: '', length: 0 };
  try {
    return { value: parseJson(text), length: text.length };
  } catch {
    return { value: text, length: text.length };
  }
}

function encodingOf(answer: Answer): string {
  return answer.headers['content-encoding']?.trim().toLowerCase() ?? '';
}

function decoded(answer: Answer): Buffer {
  const encoding = encodingOf(answer);
  if (!encoding || encoding === 'identity' || answer.body.length === 0) return answer.body;
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(answer.body);
  if (encoding === 'deflate') return inflateSync(answer.body);
  if (encoding === 'br') return brotliDecompressSync(answer.body);
  throw new FhirHttpError(answer.status, `unsupported content-encoding ${encoding}`, '');
}
