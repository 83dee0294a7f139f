/**
 * A FHIR server that stores what is POSTed (even when its answer is late, like a real server whose
 * response got lost) and answers searches by patient, ignoring `identifier` the way Epic ignores
 * parameters it does not know.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import smart from 'fhirclient';
import type { FhirWriter } from '../../../src/fhir/writeback/index.js';

export interface PostScript {
  status?: number;
  delayMs?: number;
}

export class FakeWritableEhr {
  readonly posts: Record<string, unknown>[] = [];
  readonly searches: URL[] = [];
  readonly stored: Record<string, unknown>[] = [];
  private script: PostScript[] = [];

  constructor(readonly base = 'http://write.test/fhir') {}

  /** How the next POSTs answer, in order; afterwards 201. */
  scriptPosts(...answers: PostScript[]): this {
    this.script = answers;
    return this;
  }

  handlers(): HttpHandler[] {
    return [
      http.post(`${this.base}/:type`, async ({ request, params }) => {
        const body = (await request.json()) as Record<string, unknown>;
        this.posts.push(body);
        const answer = this.script.shift() ?? {};
        const status = answer.status ?? 201;
        const saved = { ...body, id: `${String(params.type)}-${this.posts.length}` };
        if (status < 300) this.stored.push(saved);
        if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        if (status >= 300) {
          return HttpResponse.json(
            { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] },
            { status },
          );
        }
        return HttpResponse.json(saved, { status });
      }),
      http.get(`${this.base}/:type`, ({ request, params }) => {
        const url = new URL(request.url);
        this.searches.push(url);
        const entry = this.stored
          .filter((r) => r.resourceType === params.type)
          .map((resource) => ({ resource, search: { mode: 'match' } }));
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry });
      }),
    ];
  }

  writer(): FhirWriter {
    const storage = { get: async () => undefined, set: async () => undefined, unset: async () => true };
    const api = smart({ url: '/', headers: { host: 'app.test' } } as any, {} as any, storage as any);
    const client = api.client({ serverUrl: this.base, tokenResponse: { access_token: 'write-token' } });
    return {
      request: (url) => client.request(url),
      create: (resource) => client.create(resource as any),
    };
  }
}
