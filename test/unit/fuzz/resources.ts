/**
 * Random and mutated FHIR input for the fuzz suite: plausible resources of every type the rules read
 * (so the deep paths of the mapper and the core are reached), then mutated: fields deleted or replaced
 * by any JSON value, extreme numbers, broken dates and ids; some wrapped in Bundles, some in Bundles of
 * Bundles.
 */
import fc from 'fast-check';

export const AS_OF = '2025-06-30';
export const PATIENT = 'p1';
const DAY_MS = 86_400_000;

const date = fc
  .integer({ min: -400, max: 4000 })
  .map((daysBefore) => new Date(Date.parse(AS_OF) - daysBefore * DAY_MS).toISOString().slice(0, 10));

const EXTREMES: unknown[] = [
  0,
  -0,
  -1,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  2 ** 64,
  '',
  ' ',
  '\u0000',
  '\u202e',
  '2025-13-45',
  '0000-01-01',
  '9999-12-31T23:59:59Z',
  '2025-02-29',
  'NaN',
  'Infinity',
  '1e309',
  [],
  {},
  null,
  true,
];
/** Not JSON: only objects handed to the mapper directly can hold them. */
const NON_JSON: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined];

const unit = fc.constantFrom('U/L', 'IU/L', 'µkat/L', 'ukat/L', 'mg/dL', 'g/L', 'mg/L', '%', '', 'Jane Doe');
const number = fc.oneof(
  fc.double({ min: 0, max: 2000, noNaN: true }),
  fc.constantFrom(0, 1e308, 5e-324, -5, 40, 41, 80, 16),
);
const reference = fc.oneof(
  fc.constant(`Patient/${PATIENT}`),
  fc.constant(`https://ehr.example.org/fhir/Patient/${PATIENT}`),
  fc.constantFrom('Patient/other', 'Patient/', 'urn:uuid:not-a-uuid', '#x'),
);

const observation = fc.record({
  resourceType: fc.constant('Observation'),
  id: fc.string({ maxLength: 8 }),
  status: fc.constantFrom('final', 'amended', 'preliminary', 'entered-in-error', 'cancelled'),
  code: fc.record({
    coding: fc.tuple(
      fc.record({
        system: fc.constant('http://loinc.org'),
        code: fc.constantFrom('1742-6', '1920-8', '2465-3', '6768-6', '26464-8', '33914-3', '82810-3'),
      }),
    ),
  }),
  subject: fc.record({ reference }),
  effectiveDateTime: date,
  valueQuantity: fc.record(
    { value: number, unit, comparator: fc.constantFrom('<', '>', '<=', '>=') },
    {
      requiredKeys: ['value', 'unit'],
    },
  ),
  referenceRange: fc.array(fc.record({ high: fc.record({ value: number, unit }) }), { maxLength: 2 }),
});

const medicationRequest = fc.record({
  resourceType: fc.constantFrom('MedicationRequest', 'MedicationStatement'),
  id: fc.string({ maxLength: 8 }),
  status: fc.constantFrom('active', 'completed', 'stopped', 'entered-in-error', 'on-hold'),
  intent: fc.constant('order'),
  subject: fc.record({ reference }),
  authoredOn: date,
  effectivePeriod: fc.record({ start: date, end: date }, { requiredKeys: ['start'] }),
  medicationCodeableConcept: fc.record({
    coding: fc.tuple(
      fc.record({
        system: fc.constant('http://www.nlm.nih.gov/research/umls/rxnorm'),
        code: fc.constantFrom('8640', '1256', '8638', '68149', '42316', '103'),
      }),
    ),
  }),
  dosageInstruction: fc.tuple(
    fc.record({
      text: fc.constantFrom('20 mg daily', 'take 1 tablet twice a day', '', '1e308 mg'),
      doseAndRate: fc.tuple(
        fc.record({ doseQuantity: fc.record({ value: number, unit: fc.constant('mg') }) }),
      ),
    }),
  ),
});

const condition = fc.record({
  resourceType: fc.constant('Condition'),
  id: fc.string({ maxLength: 8 }),
  clinicalStatus: fc.record({ coding: fc.tuple(fc.record({ code: fc.constantFrom('active', 'resolved') })) }),
  code: fc.record({
    coding: fc.tuple(
      fc.record({
        system: fc.constant('http://snomed.info/sct'),
        code: fc.constantFrom('408335007', '19943007', '77386006', '31712002'),
      }),
    ),
  }),
  subject: fc.record({ reference }),
  onsetDateTime: date,
});

const allergy = fc.record({
  resourceType: fc.constant('AllergyIntolerance'),
  id: fc.string({ maxLength: 8 }),
  patient: fc.record({ reference }),
  code: fc.record({
    coding: fc.tuple(
      fc.record({
        system: fc.constant('http://www.nlm.nih.gov/research/umls/rxnorm'),
        code: fc.constantFrom('1256', '8640'),
      }),
    ),
  }),
  recordedDate: date,
});

const patient = fc.record({
  resourceType: fc.constant('Patient'),
  id: fc.constantFrom(PATIENT, 'other', '', 'p\u0000'),
  gender: fc.constantFrom('female', 'male', 'other', 'unknown', 'x'),
  birthDate: date,
});

const medication = fc.record({
  resourceType: fc.constant('Medication'),
  id: fc.constantFrom('m1', 'm2'),
  code: fc.record({ text: fc.constantFrom('azathioprine 50 mg', 'prednisone', '') }),
});

export const plausibleResource: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 8, arbitrary: observation },
  { weight: 3, arbitrary: medicationRequest },
  { weight: 2, arbitrary: condition },
  { weight: 1, arbitrary: allergy },
  { weight: 1, arbitrary: patient },
  { weight: 1, arbitrary: medication },
);

/** Every path (object keys and array indexes) in a value, the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(child, path, out);
  }
  return out;
}

const DELETE = Symbol('delete');

function applyMutation(target: unknown, pick: number, replacement: unknown): void {
  const paths = pathsOf(target);
  const path = paths[pick % Math.max(paths.length, 1)];
  if (path === undefined) return;
  let parent = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === DELETE) delete parent[last];
  else parent[last] = replacement;
}

/** A mutation: which path (an index into all paths) and what it becomes. */
function mutations(json: boolean) {
  const value = fc.oneof(
    fc.constant(DELETE),
    fc.constantFrom(...EXTREMES, ...(json ? [] : NON_JSON)),
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ maxLength: 12 }),
  );
  return fc.array(fc.tuple(fc.nat(), value), { maxLength: 4 });
}

/** A resource, mutated; `json` keeps it to what JSON can hold. */
export function mutatedResource(json: boolean): fc.Arbitrary<unknown> {
  return fc.tuple(plausibleResource, mutations(json)).map(([resource, changes]) => {
    const copy = structuredClone(resource);
    for (const [pick, replacement] of changes) applyMutation(copy, pick, replacement);
    return copy;
  });
}

function bundleOf(entries: unknown[], type: string): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type,
    entry: entries.map((resource, index) => ({
      fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      resource,
    })),
  };
}

/**
 * A patient with AIH on first-line treatment: most inputs start with it, so that the labs and drugs
 * around it reach the response rules rather than stopping at "no AIH".
 */
function treatedPatient(startDaysBefore: number): Record<string, unknown>[] {
  const start = new Date(Date.parse(AS_OF) - startDaysBefore * DAY_MS).toISOString().slice(0, 10);
  const subject = { reference: `Patient/${PATIENT}` };
  return [
    { resourceType: 'Patient', id: PATIENT, gender: 'female', birthDate: '1970-01-01' },
    {
      resourceType: 'Condition',
      id: 'aih',
      clinicalStatus: { coding: [{ code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '408335007' }] },
      subject,
      onsetDateTime: start,
    },
    ...[
      ['pred', '8640'],
      ['aza', '1256'],
    ].map(([id, code]) => ({
      resourceType: 'MedicationRequest',
      id,
      status: 'active',
      intent: 'order',
      subject,
      authoredOn: start,
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code }],
      },
    })),
  ];
}

const LAB_CODES = {
  alt: ['1742-6', 'U/L', 40],
  ast: ['1920-8', 'U/L', 40],
  igg: ['2465-3', 'g/L', 16],
} as const;

/** Clean results of one analyte over the treatment: a raised baseline, then values anywhere about the ULN. */
const labSeries = fc
  .tuple(
    fc.constantFrom('alt', 'ast', 'igg' as const),
    fc.array(fc.tuple(fc.integer({ min: -30, max: 1500 }), fc.constantFrom(0.3, 0.8, 1, 1.2, 2, 5, 10)), {
      minLength: 1,
      maxLength: 6,
    }),
  )
  .map(([analyte, points]) =>
    points.map(([daysBefore, timesUln], index) => {
      const [code, unit, uln] = LAB_CODES[analyte];
      return {
        resourceType: 'Observation',
        id: `${analyte}-${index}`,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code }] },
        subject: { reference: `Patient/${PATIENT}` },
        effectiveDateTime: new Date(Date.parse(AS_OF) - daysBefore * DAY_MS).toISOString().slice(0, 10),
        valueQuantity: { value: timesUln * uln, unit, system: 'http://unitsofmeasure.org', code: unit },
        referenceRange: [{ high: { value: uln, unit } }],
      };
    }),
  );

/** A patient's input: resources, some in a Bundle, now and then a Bundle inside a Bundle. */
export function patientInput(json: boolean): fc.Arbitrary<unknown[]> {
  const resource = mutatedResource(json);
  return fc
    .tuple(
      fc.option(fc.integer({ min: 10, max: 1500 }), { freq: 4 }),
      fc.array(labSeries, { maxLength: 3 }),
      fc.array(resource, { maxLength: 8 }),
      fc.array(resource, { maxLength: 6 }),
      fc.constantFrom('collection', 'searchset', 'transaction', 'history', 7),
      fc.nat({ max: 3 }),
    )
    .map(([treatedSince, series, mutated, bundled, type, shape]) => {
      const labs = series.flat();
      const loose =
        treatedSince === null
          ? [...labs, ...mutated]
          : [...treatedPatient(treatedSince), ...labs, ...mutated];
      if (shape === 0 || bundled.length === 0) return [...loose, ...bundled];
      const bundle = bundleOf(bundled, String(type));
      return shape === 3 ? [...loose, bundleOf([bundle], 'collection')] : [...loose, bundle];
    });
}

/** The first non-finite number in a value, as a path, or undefined. */
export function nonFinitePath(value: unknown, path = '$'): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = nonFinitePath(child, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

export const CONFIDENT = new Set(['complete-biochemical-response', 'non-response', 'insufficient-response']);
