/** Small HTTP helpers for the service: bounded JSON bodies, JSON answers with CORS headers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_JSON_DEPTH } from '../fhir/json-depth.js';
import { parseRequest, scanRequest, type RequestLayout } from './request-json.js';

/** CORS as the CDS Hooks specification asks: any origin, the Authorization header allowed. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Max-Age': '600',
};

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    /** Short machine code for the error body. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

/** Reads and parses a JSON body of at most `maxBytes`. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  return parseJsonBody(await readBody(request, maxBytes));
}

/**
 * Reads a body of at most `maxBytes` into a buffer of its own (not Node's shared pool), so it can
 * be handed to a worker thread without a copy.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers['content-length'] ?? '0');
  const tooLarge = (): HttpProblem =>
    new HttpProblem(413, 'body-too-large', `The request body is larger than ${maxBytes} bytes.`);
  if (declared > maxBytes) return Promise.reject(tooLarge());
  // Events rather than an async iterator: one promise per body, not one per chunk.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        // The rest is not read: the connection is closed once the answer is sent.
        request.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      // Not zero-filled first: every byte is written just below. Its own ArrayBuffer, never the pool's.
      const body = new Uint8Array(Buffer.allocUnsafeSlow(size).buffer as ArrayBuffer, 0, size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.length;
      }
      resolve(body);
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    const onClose = (): void => {
      stop();
      reject(new Error('the request closed before its body was complete'));
    };
    const stop = (): void => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/**
 * Parses a JSON body, refusing one nested more than {@link MAX_JSON_DEPTH} levels before parsing it:
 * 20 MB of nested arrays once cost a gigabyte to parse, and no CDS Hooks request nests that deep.
 * The same pass finds the prefetch values, so one sent twice is parsed once (request-json.ts).
 */
export function parseJsonBody(body: Uint8Array): unknown {
  const { text, layout } = scanJsonBody(body);
  return parsedOrRefused(() => parseRequest(text, layout));
}

/** The body's text and layout, refusing one nested too deep to parse. */
export function scanJsonBody(body: Uint8Array): { text: string; layout: RequestLayout } {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const layout = scanRequest(text);
  if (layout.tooDeep)
    throw new HttpProblem(
      400,
      'too-deeply-nested',
      `The request body nests more than ${MAX_JSON_DEPTH} levels deep; no CDS Hooks request does.`,
    );
  return { text, layout };
}

/** What `parse` returns; invalid JSON becomes the 400 answer. */
export function parsedOrRefused(parse: () => unknown): unknown {
  try {
    return parse();
  } catch {
    throw new HttpProblem(400, 'invalid-json', 'The request body is not valid JSON.');
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJsonText(response, status, JSON.stringify(body), headers);
}

/** Sends JSON that is already serialised (answers made in a worker thread arrive as text). */
export function sendJsonText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    // Answers can hold patient data: no cache may keep them.
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(text);
}

/** Error body: a short machine code and a sentence that says what to do. */
export function sendError(
  response: ServerResponse,
  status: number,
  error: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(response, status, { error, message }, headers);
}
