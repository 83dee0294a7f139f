import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const pages = ['index.html', 'launch/launch.html'];

function cspOf(html: string): Map<string, string[]> {
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  const directives = new Map<string, string[]>();
  for (const part of (match?.[1] ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values);
  }
  return directives;
}

describe.each(pages)('%s', (page) => {
  const html = readFileSync(resolve(root, page), 'utf8');
  const csp = cspOf(html);

  it('carries a strict Content-Security-Policy: self only, no inline or eval', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(html).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('lets the app reach only its own origin, https FHIR servers and the local demo EHR', () => {
    expect(csp.get('connect-src')).toEqual(["'self'", 'https:', 'http://127.0.0.1:*', 'http://localhost:*']);
  });

  it('has no inline script and sends no referrer', () => {
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(1);
    expect(scripts.every((script) => script[1]!.trim() === '' && /\bsrc=/.test(script[0]))).toBe(true);
    expect(html).toContain('<meta name="referrer" content="no-referrer" />');
  });
});
