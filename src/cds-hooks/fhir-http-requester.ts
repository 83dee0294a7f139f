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
 * An answer larger than {@link MAX_ANSWER_BYTES}, on the wire or decompressed, is refused
 * ({@link FhirAnswerTooLarge}) before it can fill the worker's heap.
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

/**
 * One FHIR answer (a search page, a resource) of at most this many bytes, compressed or not: larger than
 * any page a patient's chart needs (a call's whole prefetch is at most 20 MB), small enough that a
 * broken or hostile server cannot exhaust a worker's heap (or a gzip bomb expand past it).
 */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export class FhirAnswerTooLarge extends Error {
  constructor(limit: number) {
    super(`The FHIR server's answer is larger than ${limit} bytes.`);
    this.name = 'FhirAnswerTooLarge';
  }
}

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
  /** The largest answer accepted ({@link MAX_ANSWER_BYTES} unless tests set less). */
  maxAnswerBytes?: number;
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
  const limit = reuse.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const server = base.href;
  const entries = new SharedEntryParser();
  const parseJson = (text: string): unknown => entries.parse(text);
  /** The 2xx answer's parse, through the cache when there is one; its digest to the ledger. */
  const read = (answer: Answer, url: string, signal: AbortSignal | undefined): unknown => {
    if (!bodies && !ledger) return parseBody(answer, limit, parseJson).value;
    const encoding = encodingOf(answer);
    let length = 0;
    const parse = (): Parsed => {
      const parsed = parseBody(answer, limit, parseJson);
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
    let answer = await get(target, headers, signal, limit);
    for (let redirects = 0; isRedirect(answer.status); redirects += 1) {
      const location = answer.headers.location;
      if (location === undefined || redirects >= MAX_REDIRECTS)
        throw new FhirHttpError(answer.status, 'redirect not followed', '');
      target = new URL(location, target);
      if (target.origin !== base.origin) throw new CrossOriginRefused('A redirect');
      answer = await get(target, headers, signal, limit);
    }
    if (answer.status < 200 || answer.status > 299) {
      const retryAfter = answer.headers['retry-after'];
      throw new FhirHttpError(answer.status, answer.statusText, parseBody(answer, limit).value, retryAfter);
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

function get(
  target: URL,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
  limit: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const secure = target.protocol === 'https:';
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      { method: 'GET', headers, agent: secure ? agents.https : agents.http, ...(signal ? { signal } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        // Refused as soon as it is known too large: by its declared length, else by what came so far.
        const tooLarge = (): void => {
          reject(new FhirAnswerTooLarge(limit));
          request.destroy();
        };
        if (Number(response.headers['content-length'] ?? 0) > limit) return tooLarge();
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) tooLarge();
          else chunks.push(chunk);
        });
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
function parseBody(answer: Answer, limit: number, parseJson: (text: string) => unknown = JSON.parse): Parsed {
  let text = decoded(answer, limit).toString('utf8');
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

function decoded(answer: Answer, limit: number): Buffer {
  const encoding = encodingOf(answer);
  if (!encoding || encoding === 'identity' || answer.body.length === 0) return answer.body;
  const options = { maxOutputLength: limit };
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(answer.body, options);
    if (encoding === 'deflate') return inflateSync(answer.body, options);
    if (encoding === 'br') return brotliDecompressSync(answer.body, options);
  } catch (error) {
    // zlib's own error when the output would pass maxOutputLength.
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new FhirAnswerTooLarge(limit);
    throw error;
  }
  throw new FhirHttpError(answer.status, `unsupported content-encoding ${encoding}`, '');
}
