/**
 * A FHIR server on msw that stores what is POSTed the way a real one does: plain and conditional
 * create (`If-None-Exist: identifier=…`), `transaction` Bundles, and searches by patient and
 * identifier (or, like Epic with parameters it does not know, ignoring `identifier`). It also runs a
 * token endpoint, so fhirclient's refresh can be exercised. Everything sent is recorded.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import smart from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import { postThroughClient } from '../../../src/app/fhir-post.js';
import type { FhirWriter } from '../../../src/fhir/writeback/index.js';

export interface PostScript {
  status?: number;
  delayMs?: number;
}

export interface SentPost {
  url: string;
  contentType: string | null;
  ifNoneExist: string | null;
  authorization: string | null;
  body: Record<string, unknown>;
}

type Stored = Record<string, unknown> & { resourceType: string; id: string };

function identifierTokens(resource: Record<string, unknown>): string[] {
  const ids = Array.isArray(resource.identifier)
    ? (resource.identifier as { system?: string; value?: string }[])
    : [];
  return ids.map((id) => `${id.system ?? ''}|${id.value ?? ''}`);
}

export class FakeWritableEhr {
  readonly posts: SentPost[] = [];
  readonly searches: URL[] = [];
  readonly stored: Stored[] = [];
  readonly refreshes: string[] = [];
  /** Access tokens the server accepts; others answer 401. */
  readonly validTokens = new Set(['write-token']);
  /** Search ignores `identifier` (as Epic ignores unknown parameters). */
  ignoreIdentifier = false;
  /** The token endpoint refuses refresh grants (the session has ended). */
  refuseRefresh = false;
  private script: PostScript[] = [];
  private issued = 0;

  constructor(readonly base = 'http://write.test/fhir') {}

  /** How the next POSTs answer, in order; afterwards normally. */
  scriptPosts(...answers: PostScript[]): this {
    this.script = answers;
    return this;
  }

  of(type: string): Stored[] {
    return this.stored.filter((r) => r.resourceType === type);
  }

  private save(body: Record<string, unknown>): Stored {
    const type = String(body.resourceType);
    const saved = { ...body, resourceType: type, id: `${type}-${this.stored.length + 1}` };
    this.stored.push(saved);
    return saved;
  }

  private match(type: string, ifNoneExist: string | null | undefined): Stored | undefined {
    if (!ifNoneExist) return undefined;
    const token = new URLSearchParams(ifNoneExist).get('identifier') ?? '';
    return this.of(type).find((r) => identifierTokens(r).includes(token));
  }

  private authorised(request: Request): boolean {
    const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    return token !== undefined && this.validTokens.has(token);
  }

  handlers(): HttpHandler[] {
    const unauthorised = () =>
      HttpResponse.json(
        { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] },
        { status: 401 },
      );
    return [
      http.post('http://write.test/auth/token', async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        this.refreshes.push(form.get('grant_type') ?? '');
        if (this.refuseRefresh) return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
        this.issued += 1;
        const token = `write-token-${this.issued}`;
        this.validTokens.add(token);
        return HttpResponse.json({
          access_token: token,
          token_type: 'Bearer',
          expires_in: 600,
          scope: 'online_access',
        });
      }),
      http.post(`${this.base}/:type?`, async ({ request, params }) => {
        if (!this.authorised(request)) return unauthorised();
        const body = (await request.json()) as Record<string, unknown>;
        const ifNoneExist = request.headers.get('if-none-exist');
        this.posts.push({
          url: request.url,
          contentType: request.headers.get('content-type'),
          ifNoneExist,
          authorization: request.headers.get('authorization'),
          body,
        });
        const answer = this.script.shift() ?? {};
        const status = answer.status ?? 0;
        let result: { status: number; body: unknown };
        if (status >= 300) {
          result = {
            status,
            body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] },
          };
        } else if (params.type === undefined || params.type === '') {
          const entries =
            (body.entry as {
              resource: Record<string, unknown>;
              request: { url: string; ifNoneExist?: string };
            }[]) ?? [];
          const answers = entries.map((entry) => {
            const existing = this.match(entry.request.url, entry.request.ifNoneExist);
            const saved = existing ?? this.save(entry.resource);
            return {
              response: {
                status: existing ? '200 OK' : '201 Created',
                location: `${saved.resourceType}/${saved.id}/_history/1`,
              },
            };
          });
          result = {
            status: 200,
            body: { resourceType: 'Bundle', type: 'transaction-response', entry: answers },
          };
        } else {
          const existing = this.match(String(params.type), ifNoneExist);
          result = existing ? { status: 200, body: existing } : { status: 201, body: this.save(body) };
        }
        if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        return HttpResponse.json(result.body as Record<string, unknown>, { status: result.status });
      }),
      http.get(`${this.base}/:type`, ({ request, params }) => {
        if (!this.authorised(request)) return unauthorised();
        const url = new URL(request.url);
        this.searches.push(url);
        const wanted = url.searchParams.get('identifier')?.split(',');
        const entry = this.of(String(params.type))
          .filter(
            (r) => this.ignoreIdentifier || !wanted || identifierTokens(r).some((t) => wanted.includes(t)),
          )
          .map((resource) => ({ resource, search: { mode: 'match' } }));
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry });
      }),
    ];
  }

  /** A fhirclient Client as the app has one after launch (optionally with an expired token and a refresh token). */
  client(options: { expired?: boolean; accessToken?: string } = {}): Client {
    const storage = { get: async () => undefined, set: async () => undefined, unset: async () => true };
    const api = smart({ url: '/', headers: { host: 'app.test' } } as any, {} as any, storage as any);
    return api.client({
      serverUrl: this.base,
      tokenUri: 'http://write.test/auth/token',
      clientId: 'aih-navigator',
      expiresAt: options.expired ? Math.floor(Date.now() / 1000) - 60 : Math.floor(Date.now() / 1000) + 600,
      tokenResponse: {
        access_token: options.accessToken ?? 'write-token',
        refresh_token: 'refresh-1',
        scope: 'launch online_access',
      },
    });
  }

  /** The writer the app builds from its session: reads and POSTs through fhirclient's request. */
  writer(client: Client = this.client()): FhirWriter {
    return { request: (url) => client.request(url), post: postThroughClient(client) };
  }
}
