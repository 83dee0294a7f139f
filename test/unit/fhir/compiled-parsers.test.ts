import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { resourceParsers, useCompiledParsers } from '../../../src/fhir/schemas/parsers.js';
import { FIXTURE_DIR } from './fixture-index.js';
import { condition, dosage, medicationRequest, observation, procedure } from './resources.js';

type Json = Record<string, unknown>;

const bundles = readdirSync(FIXTURE_DIR)
  .filter((name) => name.endsWith('.json') && name !== 'index.json')
  .map(
    (name) => JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as { entry?: { resource?: Json }[] },
  );

const fixtureResources: Json[] = bundles.flatMap((bundle) =>
  (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : [])),
);
const builtResources: Json[] = [
  observation(),
  observation({ valueQuantity: { value: 'high' }, effectiveDateTime: '2024-02-30' }),
  medicationRequest({ dosageInstruction: [dosage(50, 'mg', { repeat: { frequency: 1, period: 1 } })] }),
  condition({ system: 'urn:oid:2.16.840.1.113883.6.96', code: '408335007' }),
  procedure({ status: 7 }),
];
const resources = [...fixtureResources, ...builtResources];

/** Everything a caller can see of a parse: success, the value, and every issue with its message. */
function outcome(schema: z.core.$ZodType, input: unknown): string {
  const result = z.safeParse(schema, input);
  return JSON.stringify(result.success ? { data: result.data } : { issues: result.error.issues });
}

/** `value` with the element at `path` replaced (or removed, for `undefined`). */
function replacedAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  if (typeof value !== 'object' || value === null) return value;
  const [head = '', ...rest] = path;
  if (Array.isArray(value)) {
    const index = Number(head);
    const inner = replacedAt(value[index], rest, replacement);
    return inner === undefined
      ? value.filter((_, at) => at !== index)
      : value.map((item, at) => (at === index ? inner : item));
  }
  const copy: Record<string, unknown> = { ...value };
  const inner = replacedAt(copy[head], rest, replacement);
  if (inner === undefined) delete copy[head];
  else copy[head] = inner;
  return copy;
}

/** Every path to an element of `value`, the value itself included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value)
    ? value.map((_, index) => index)
    : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((key) => pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key])),
  ];
}

describe('compiled resource parsers', () => {
  const schemas = Object.entries(resourceParsers) as [string, z.core.$ZodType][];

  it('found resources to compare with', () => {
    expect(fixtureResources.length).toBeGreaterThan(50);
  });

  it('give the same value or the same issues as the runtime parsers, for every fixture resource', () => {
    for (const [name, schema] of schemas) {
      const compiled = z.compile(schema);
      for (const resource of resources)
        expect(outcome(compiled, resource), name).toBe(outcome(schema, resource));
    }
  });

  it('agree on resources with any element replaced by any JSON value, or removed', () => {
    const compiledSchemas = schemas.map(([name, schema]) => [name, schema, z.compile(schema)] as const);
    fc.assert(
      fc.property(
        fc.constantFrom(...resources),
        fc.nat(),
        fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
        (resource, pick, replacement) => {
          const paths = pathsOf(resource);
          const changed = replacedAt(resource, paths[pick % paths.length] ?? [], replacement);
          for (const [name, schema, compiled] of compiledSchemas)
            expect(outcome(compiled, changed), name).toBe(outcome(schema, changed));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('map every fixture Bundle to the same record once put in place', () => {
    const mapAll = (): unknown[] => bundles.map((bundle) => mapPatientResources([bundle]));
    const before = mapAll();
    const runtimeObservation = resourceParsers.observationCode;
    useCompiledParsers(z.compile);
    expect(resourceParsers.observationCode).not.toBe(runtimeObservation);
    expect(mapAll()).toEqual(before);
  });
});
