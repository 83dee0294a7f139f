import { describe, expect, it } from 'vitest';
import { entrySpans, SharedEntryParser } from '../../../src/cds-hooks/shared-entries.js';
import { readBundlePage } from '../../../src/fhir/load/bundle-page.js';
import { uniqueCopies } from '../../../src/fhir/load/unique-copies.js';

type Bundle = { entry: { resource: Record<string, unknown> }[] };

/** An Observation whose strings hold what a scanner could trip on: brackets, commas, escaped quotes. */
function entry(id: string, value = 100): Record<string, unknown> {
  return {
    fullUrl: `https://fhir.example.org/r4/Observation/${id}`,
    resource: {
      resourceType: 'Observation',
      id,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '1742-6' }], text: 'ALT [U/L], "fasting" \\ {x}' },
      valueQuantity: { value, unit: 'U/L' },
    },
    search: { mode: 'match' },
  };
}

function searchset(entries: unknown[], self: string, spaces?: number): string {
  return JSON.stringify(
    { resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'self', url: self }], entry: entries },
    null,
    spaces,
  );
}

describe("one call's answers with their repeated entries parsed once", () => {
  it('reads what JSON.parse reads', () => {
    const texts = [
      searchset([entry('a'), entry('b'), entry('a')], 'code', 2),
      searchset([], 'empty'),
      '{"resourceType":"Bundle","entry":null}',
      '{"resourceType":"Patient","id":"p-1","name":[{"text":"entry, [x]"}]}',
      '[{"entry":[1,1]}]',
      '"text"',
      `{"a":{"entry":[${JSON.stringify(entry('a'))},${JSON.stringify(entry('a'))}]}}`,
    ];
    for (const text of texts) expect(new SharedEntryParser().parse(text)).toEqual(JSON.parse(text));
  });

  it('gives an entry repeated in one answer, or across the answers of the call, the same object', () => {
    const parser = new SharedEntryParser();
    const byCode = parser.parse(searchset([entry('a'), entry('b'), entry('a')], 'code')) as Bundle;
    const byCategory = parser.parse(searchset([entry('b'), entry('c'), entry('a')], 'category')) as Bundle;
    expect(byCode.entry[2]).toBe(byCode.entry[0]);
    expect(byCategory.entry[0]).toBe(byCode.entry[1]);
    expect(byCategory.entry[2]).toBe(byCode.entry[0]);
    expect(byCategory.entry[1]).toEqual(entry('c'));
    // Indented text is compared as it is: the same indentation repeats the same text.
    const indented = parser.parse(searchset([entry('a'), entry('a')], 'code', 2)) as Bundle;
    expect(indented.entry[1]).toBe(indented.entry[0]);
    expect(indented.entry[0]).not.toBe(byCode.entry[0]);
    // Another call shares nothing with this one.
    const later = new SharedEntryParser().parse(searchset([entry('a')], 'code')) as Bundle;
    expect(later.entry[0]).not.toBe(byCode.entry[0]);
    expect(later.entry[0]).toEqual(byCode.entry[0]);
  });

  it('parses copies that differ in one character apart, so the conflict is still found', () => {
    const parser = new SharedEntryParser();
    const byCode = parser.parse(searchset([entry('a', 100)], 'code')) as Bundle;
    const byCategory = parser.parse(searchset([entry('a', 101)], 'category')) as Bundle;
    expect(byCategory.entry[0]).not.toBe(byCode.entry[0]);
    const resources = [byCode, byCategory].flatMap((bundle) => readBundlePage(bundle)?.resources ?? []);
    expect(uniqueCopies(resources)).toHaveLength(2);
  });

  it('keeps one copy of an entry both searches returned', () => {
    const parser = new SharedEntryParser();
    const answers = [searchset([entry('a'), entry('b')], 'code'), searchset([entry('a')], 'category')];
    const resources = answers.flatMap((text) => readBundlePage(parser.parse(text))?.resources ?? []);
    expect(resources).toHaveLength(3);
    expect(uniqueCopies(resources)).toEqual([entry('a').resource, entry('b').resource]);
  });

  it('shares nothing when a top-level key is escaped (it could spell entry) or entry comes twice', () => {
    const one = JSON.stringify(entry('a'));
    const escaped = `{"entry":[${one},${one}],"\\u0065ntry":[${one}]}`;
    expect(entrySpans(escaped)).toBeUndefined();
    expect(new SharedEntryParser().parse(escaped)).toEqual(JSON.parse(escaped));
    const twice = `{"entry":[${one},${one}],"entry":[${one}]}`;
    expect(entrySpans(twice)).toBeUndefined();
    expect(new SharedEntryParser().parse(twice)).toEqual(JSON.parse(twice));
  });

  it('refuses malformed text as JSON.parse does', () => {
    const one = JSON.stringify(entry('a'));
    for (const text of [
      `{"entry":[${one},${one}]`,
      `{"entry":[${one},${one},]}`,
      `{"entry":[${one} ${one}]}`,
    ])
      expect(() => new SharedEntryParser().parse(text)).toThrow(SyntaxError);
  });

  it('finds where each entry stands', () => {
    const text = '{"entry": [ {"a":"],"} , [1,2] ,"x" ], "b": [3]}';
    const spans = entrySpans(text) ?? [];
    expect(spans.map((span) => text.slice(span.start, span.end).trim())).toEqual([
      '{"a":"],"}',
      '[1,2]',
      '"x"',
    ]);
    expect(entrySpans('{"entry":[ ]}')).toEqual([]);
    expect(entrySpans('{"entry":{"a":1}}')).toBeUndefined();
  });
});
