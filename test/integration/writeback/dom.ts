/**
 * jsdom's parser for the note tests. XHTML is parsed as XML, so a note that is not well-formed throws.
 * (jsdom ships no type declarations; this is the one shape the tests use.)
 */
import { createRequire } from 'node:module';

type JsdomConstructor = new (
  markup: string,
  options?: { contentType?: string },
) => { window: { document: Document } };

const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: JsdomConstructor };

export function parseNote(markup: string, format: 'html' | 'xhtml'): Document {
  return new JSDOM(markup, format === 'xhtml' ? { contentType: 'application/xhtml+xml' } : {}).window
    .document;
}
