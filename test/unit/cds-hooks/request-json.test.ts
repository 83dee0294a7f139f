import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../../src/fhir/json-depth.js';
import { parseRequest, scanRequest } from '../../../src/cds-hooks/request-json.js';

const observations = (n: number, value = 90): unknown[] =>
  Array.from({ length: n }, (_, i) => ({
    resourceType: 'Observation',
    id: `alt-${i}`,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '1742-6' }] },
    valueQuantity: { value: value + i, unit: 'U/L' },
  }));
const bundle = (resources: unknown[]): unknown => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});
const request = (prefetch: Record<string, unknown>): string =>
  JSON.stringify({ hook: 'patient-view', hookInstance: 'h', context: { patientId: 'p' }, prefetch });

/** Parses as the service does: refuses what JSON.parse refuses, gives what JSON.parse gives. */
function parse(text: string): unknown {
  return parseRequest(text, scanRequest(text));
}
function outcome(read: () => unknown): unknown {
  try {
    return { value: read() };
  } catch (error) {
    return { threw: error instanceof SyntaxError };
  }
}

describe('hook request JSON with repeated prefetch values', () => {
  it('reads a prefetch value sent twice once, as the same object, equal to what JSON.parse gives', () => {
    const labs = bundle(observations(10));
    const text = request({ labs, laboratory: labs, patient: { resourceType: 'Patient', id: 'p' } });
    const parsed = parse(text) as { prefetch: Record<string, unknown> };
    expect(parsed).toEqual(JSON.parse(text));
    expect(parsed.prefetch.laboratory).toBe(parsed.prefetch.labs);
    expect(Object.keys(parsed.prefetch)).toEqual(['labs', 'laboratory', 'patient']);
  });

  it('reads copies that differ by one character each for itself', () => {
    const text = request({ labs: bundle(observations(10)), laboratory: bundle(observations(10, 91)) });
    const parsed = parse(text) as { prefetch: Record<string, unknown> };
    expect(parsed).toEqual(JSON.parse(text));
    expect(parsed.prefetch.laboratory).not.toBe(parsed.prefetch.labs);
  });

  it('recognises copies that differ only in the spaces around them', () => {
    const labs = JSON.stringify(bundle(observations(10)));
    const text = `{"hook":"patient-view","prefetch":{"labs":${labs} ,"laboratory":\n  ${labs}\n}}`;
    const parsed = parse(text) as { prefetch: Record<string, unknown> };
    expect(parsed).toEqual(JSON.parse(text));
    expect(parsed.prefetch.laboratory).toBe(parsed.prefetch.labs);
  });

  it('keeps JSON.parse semantics for repeated keys, escaped keys and __proto__', () => {
    const labs = JSON.stringify(bundle(observations(10)));
    const texts = [
      // The last of two equal keys wins: sharing is not tried.
      `{"prefetch":{"labs":${labs},"labs":${labs.replace('alt-1"', 'alt-X"')},"other":${labs}}}`,
      `{"prefetch":{"labs":${labs},"__proto__":${labs}}}`,
      `{"prefetch":{"l\\u0061bs":${labs},"copy":${labs}}}`,
      `{"pre\\u0066etch":{"labs":${labs},"copy":${labs}}}`,
      // Two top-level prefetch objects: JSON.parse keeps the second.
      `{"prefetch":{"labs":${labs},"copy":${labs}},"prefetch":{"a":${labs},"b":1}}`,
      // A prefetch object that is not at the top level is an ordinary value.
      `{"context":{"prefetch":{"labs":${labs},"copy":${labs}}}}`,
    ];
    for (const text of texts) {
      const parsed = parse(text);
      expect(parsed).toEqual(JSON.parse(text));
      expect(Object.getPrototypeOf((parsed as { prefetch?: object }).prefetch ?? {})).toBe(Object.prototype);
    }
    const proto = parse(texts[1]!) as { prefetch: Record<string, unknown> };
    expect(Object.hasOwn(proto.prefetch, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(proto.prefetch, '__proto__')?.value).toBe(proto.prefetch.labs);
  });

  it('refuses exactly what JSON.parse refuses, however the text is broken', () => {
    const labs = bundle(observations(3));
    const text = request({ labs, laboratory: labs, medications: bundle([]) });
    // Deterministic damage: a structural character dropped, doubled or swapped at each position in turn.
    const damaged: string[] = [];
    for (let i = 0; i < text.length; i += 7) {
      damaged.push(text.slice(0, i) + text.slice(i + 1));
      damaged.push(text.slice(0, i) + text[i]! + text.slice(i));
      damaged.push(text.slice(0, i) + (text[i] === ',' ? '}' : ',') + text.slice(i + 1));
    }
    for (const broken of damaged) {
      const mine = outcome(() => parse(broken));
      expect(mine).toEqual(outcome(() => JSON.parse(broken)));
    }
  });

  it('finds the members of a prefetch whose values repeat, and which one each copy repeats', () => {
    const labs = JSON.stringify(bundle(observations(10)));
    const other = JSON.stringify(bundle(observations(10, 91)));
    const text = `{"hook":"h","prefetch":{"labs":${labs},"x":${other},"laboratory":${labs},"spaced":${labs} }}`;
    const members = scanRequest(text).prefetch ?? [];
    const valueOf = (k: number) => text.slice(members[k]!.valueStart, members[k]!.valueEnd);
    expect(members.map((_, k) => valueOf(k))).toEqual([labs, other, labs, `${labs} `]);
    // The last copy has a space before its end: not the same text, read for itself.
    expect(members.map((m) => m.sameAs)).toEqual([undefined, undefined, 0, undefined]);
  });

  it('does not take a value that merely starts like an earlier one for a copy of it', () => {
    const labs = JSON.stringify(bundle(observations(10)));
    const longer = `${labs.slice(0, -1)},"extra":${'['.repeat(10)}1${']'.repeat(10)}}`;
    const text = `{"prefetch":{"labs":${labs},"laboratory":${longer}}}`;
    const layout = scanRequest(text);
    expect(layout.prefetch?.[1]).toMatchObject({ valueEnd: text.length - 2 });
    expect(layout.prefetch?.[1]?.sameAs).toBeUndefined();
    // Its own nesting is still measured.
    expect(scanRequest(text, 10).tooDeep).toBe(true);
    expect(scanRequest(`{"prefetch":{"labs":${labs},"laboratory":${labs}}}`, 10).tooDeep).toBe(false);
  });

  it('measures depth as nestsDeeperThan does', () => {
    for (const text of ['[[[[1]]]]', '{"a":{"b":{"c":{}}}}', '{"s":"[[[[[[["}', '[[[[[', '"']) {
      expect(scanRequest(text, 3).tooDeep).toBe(nestsDeeperThan(text, 3));
    }
    expect(scanRequest('['.repeat(100_000)).tooDeep).toBe(true);
  });
});
