import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpProblem, readBody } from '../../../src/cds-hooks/http.js';
import { listenOnLoopback } from './helpers.js';

describe('reading a request body with a size limit', () => {
  const results: Promise<Uint8Array | HttpProblem | Error>[] = [];
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;

  beforeAll(async () => {
    server = await listenOnLoopback((request, response) => {
      const read = readBody(request, 1000).catch((error: unknown) => error as Error);
      results.push(read);
      void read.then(() => {
        if (!response.destroyed) response.end();
      });
    });
  });
  afterAll(() => server.close());

  /** Sends `chunks` without a Content-Length (chunked), or with the one given. */
  function send(chunks: string[], contentLength?: number): Promise<void> {
    return new Promise((resolve) => {
      const headers: Record<string, string | number> =
        contentLength === undefined ? {} : { 'content-length': contentLength };
      const request = httpRequest(`${server.url}/`, { method: 'POST', headers }, (response) => {
        response.resume().on('end', resolve);
      });
      request.on('error', () => resolve());
      for (const chunk of chunks) request.write(chunk);
      request.end();
    });
  }

  it('returns the whole body in a buffer of its own', async () => {
    await send(['{"a":', '1}']);
    const body = await results.at(-1);
    expect(body).toBeInstanceOf(Uint8Array);
    const bytes = body as Uint8Array;
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"a":1}');
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(7);
  });

  it('refuses a body larger than the limit, declared or streamed', async () => {
    await send(['x'.repeat(1001)], 1001);
    expect(await results.at(-1)).toMatchObject({ status: 413, code: 'body-too-large' });
    await send(['x'.repeat(600), 'y'.repeat(600)]);
    expect(await results.at(-1)).toMatchObject({ status: 413, code: 'body-too-large' });
  });
});
