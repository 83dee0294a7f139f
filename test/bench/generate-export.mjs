#!/usr/bin/env node
// Writes a synthetic, clearly fictional Bulk Data export (one NDJSON file per resource type) for the CLI
// benchmark: N patients (default 20,000), about 50 resources each, shaped and sized like real EHR output
// (Observations with codings, category, referenceRange, interpretation; MedicationRequests with dosage
// and Medication references; Conditions; some AllergyIntolerances; plus unrelated labs).
//   node test/bench/generate-export.mjs [--patients N] [--out DIR] [--seed S]
import console from 'node:console';
import process from 'node:process';
import { mkdirSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_PATIENTS = 20_000;
export const DEFAULT_OUT = '.bench/export';

const DAY = 86_400_000;
const LOINC = 'http://loinc.org';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const UCUM = 'http://unitsofmeasure.org';

/** Small fast deterministic PRNG (mulberry32), so every run writes the same export. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const isoTime = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

const LABS = {
  alt: {
    code: '1742-6',
    display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    unit: 'U/L',
    code2: 'U/L',
    high: 40,
  },
  ast: {
    code: '1920-8',
    display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    unit: 'U/L',
    code2: 'U/L',
    high: 34,
  },
  igg: { code: '2465-3', display: 'IgG [Mass/volume] in Serum', unit: 'g/L', code2: 'g/L', high: 16 },
  wbc: {
    code: '6690-2',
    display: 'Leukocytes [#/volume] in Blood by Automated count',
    unit: '10*9/L',
    code2: '10*9/L',
    high: 11,
  },
  inr: {
    code: '6301-6',
    display: 'INR in Platelet poor plasma by Coagulation assay',
    unit: '{INR}',
    code2: '{INR}',
    high: 1.2,
  },
  egfr: {
    code: '98979-8',
    display:
      'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)',
    unit: 'mL/min/{1.73_m2}',
    code2: 'mL/min/{1.73_m2}',
    high: undefined,
  },
  bili: {
    code: '1975-2',
    display: 'Bilirubin.total [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    code2: 'mg/dL',
    high: 1.2,
  },
  alb: {
    code: '1751-7',
    display: 'Albumin [Mass/volume] in Serum or Plasma',
    unit: 'g/dL',
    code2: 'g/dL',
    high: 5,
  },
};

const MEDICATIONS = [
  {
    id: 'med-pred-5',
    rx: '312617',
    display: 'prednisone 5 MG Oral Tablet',
    ingredient: ['8640', 'prednisone'],
  },
  {
    id: 'med-pred-20',
    rx: '312615',
    display: 'prednisone 20 MG Oral Tablet',
    ingredient: ['8640', 'prednisone'],
  },
  {
    id: 'med-aza-50',
    rx: '197388',
    display: 'azathioprine 50 MG Oral Tablet',
    ingredient: ['1256', 'azathioprine'],
  },
  {
    id: 'med-mmf-500',
    rx: '311625',
    display: 'mycophenolate mofetil 500 MG Oral Tablet',
    ingredient: ['68149', 'mycophenolate mofetil'],
  },
  {
    id: 'med-tac-1',
    rx: '198378',
    display: 'tacrolimus 1 MG Oral Capsule',
    ingredient: ['42316', 'tacrolimus'],
  },
  {
    id: 'med-bud-3',
    rx: '349041',
    display: 'budesonide 3 MG Delayed Release Oral Capsule',
    ingredient: ['19831', 'budesonide'],
  },
];

function medicationResource(med) {
  return {
    resourceType: 'Medication',
    id: med.id,
    meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00Z' },
    code: { coding: [{ system: RXNORM, code: med.rx, display: med.display }], text: med.display },
    form: { coding: [{ system: SNOMED, code: '421026006', display: 'Oral tablet' }], text: 'Tablet' },
    ingredient: [
      {
        itemCodeableConcept: {
          coding: [{ system: RXNORM, code: med.ingredient[0], display: med.ingredient[1] }],
        },
        isActive: true,
      },
    ],
  };
}

function observation(pid, n, lab, key, ms, value, rnd) {
  const interpretation = lab.high !== undefined && value > lab.high ? 'H' : 'N';
  const resource = {
    resourceType: 'Observation',
    id: `${pid}-obs-${n}`,
    meta: { versionId: '1', lastUpdated: isoTime(ms + 3 * 3600_000) },
    identifier: [
      { system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.798268', value: `${pid}${n}${Math.floor(rnd() * 1e6)}` },
    ],
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'laboratory',
            display: 'Laboratory',
          },
        ],
        text: 'Laboratory',
      },
    ],
    code: {
      coding: [
        { system: LOINC, code: lab.code, display: lab.display },
        {
          system: 'urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.31',
          code: `${key.toUpperCase()}-${lab.code}`,
          display: key.toUpperCase(),
        },
      ],
      text: key.toUpperCase(),
    },
    subject: { reference: `Patient/${pid}`, display: 'Synthetic, Patient' },
    encounter: {
      reference: `Encounter/${pid}-enc-${n}`,
      identifier: { use: 'usual', system: 'urn:oid:1.2.840.114350.1.13.0.1.7.3.698084.8', value: `${n}` },
    },
    effectiveDateTime: isoTime(ms),
    issued: isoTime(ms + 2 * 3600_000),
    valueQuantity: { value, unit: lab.unit, system: UCUM, code: lab.code2 },
    interpretation: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
            code: interpretation,
            display: interpretation === 'H' ? 'High' : 'Normal',
          },
        ],
        text: interpretation === 'H' ? 'High' : 'Normal',
      },
    ],
  };
  if (lab.high !== undefined) {
    resource.referenceRange = [
      {
        low: { value: 0, unit: lab.unit, system: UCUM, code: lab.code2 },
        high: { value: lab.high, unit: lab.unit, system: UCUM, code: lab.code2 },
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/referencerange-meaning',
              code: 'normal',
              display: 'Normal Range',
            },
          ],
        },
        text: `0 - ${lab.high} ${lab.unit}`,
      },
    ];
  }
  return resource;
}

function medicationRequest(pid, n, med, startMs, endMs, status, mgPerDose, perDay, useReference) {
  const resource = {
    resourceType: 'MedicationRequest',
    id: `${pid}-mr-${n}`,
    meta: { versionId: '1', lastUpdated: isoTime(startMs) },
    identifier: [{ use: 'usual', system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.798268', value: `${pid}${n}` }],
    status,
    intent: 'order',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
            code: 'outpatient',
            display: 'Outpatient',
          },
        ],
        text: 'Outpatient',
      },
    ],
    subject: { reference: `Patient/${pid}`, display: 'Synthetic, Patient' },
    authoredOn: isoTime(startMs),
    requester: { reference: `Practitioner/prac-${n % 7}`, display: 'Fictional Hepatologist, MD' },
    dosageInstruction: [
      {
        text: `Take ${mgPerDose} mg by mouth ${perDay === 1 ? 'daily' : 'twice daily'}.`,
        timing: {
          repeat: {
            boundsPeriod: { start: iso(startMs), ...(endMs ? { end: iso(endMs) } : {}) },
            frequency: perDay,
            period: 1,
            periodUnit: 'd',
          },
        },
        route: { coding: [{ system: SNOMED, code: '26643006', display: 'Oral route' }], text: 'Oral' },
        doseAndRate: [
          {
            type: {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/dose-rate-type',
                  code: 'ordered',
                  display: 'Ordered',
                },
              ],
            },
            doseQuantity: { value: mgPerDose, unit: 'mg', system: UCUM, code: 'mg' },
          },
        ],
      },
    ],
    dispenseRequest: {
      validityPeriod: { start: iso(startMs), ...(endMs ? { end: iso(endMs) } : {}) },
      numberOfRepeatsAllowed: 3,
      quantity: { value: 60, unit: 'Tab' },
    },
  };
  if (useReference)
    resource.medicationReference = { reference: `Medication/${med.id}`, display: med.display };
  else
    resource.medicationCodeableConcept = {
      coding: [{ system: RXNORM, code: med.rx, display: med.display }],
      text: med.display,
    };
  return resource;
}

function condition(pid, n, snomed, icd, display, onsetMs) {
  return {
    resourceType: 'Condition',
    id: `${pid}-cond-${n}`,
    meta: { versionId: '1', lastUpdated: isoTime(onsetMs) },
    clinicalStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
          code: 'active',
          display: 'Active',
        },
      ],
    },
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
          code: 'confirmed',
          display: 'Confirmed',
        },
      ],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'problem-list-item',
            display: 'Problem List Item',
          },
        ],
      },
    ],
    code: {
      coding: [
        { system: SNOMED, code: snomed, display },
        { system: ICD10, code: icd, display },
      ],
      text: display,
    },
    subject: { reference: `Patient/${pid}` },
    onsetDateTime: isoTime(onsetMs),
    recordedDate: isoTime(onsetMs + 7 * DAY),
  };
}

/** One patient's resources, by type. Response patterns vary so every branch of the core is exercised. */
function patientResources(index, rnd, asOfMs) {
  const pid = `bench-${String(index).padStart(6, '0')}`;
  const female = rnd() < 0.75;
  const birthYear = 1950 + Math.floor(rnd() * 55);
  const t0 = asOfMs - (200 + Math.floor(rnd() * 1500)) * DAY;
  const pattern = rnd(); // < .45 responder, < .75 insufficient, < .85 loss, else non-AIH liver disease
  const out = { Patient: [], Observation: [], MedicationRequest: [], Condition: [], AllergyIntolerance: [] };
  out.Patient.push({
    resourceType: 'Patient',
    id: pid,
    meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00Z' },
    identifier: [
      {
        use: 'usual',
        type: { text: 'MRN' },
        system: 'urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14',
        value: `E${100000 + index}`,
      },
    ],
    active: true,
    name: [{ use: 'official', family: 'Synthetic', given: ['Bench', `P${index}`] }],
    gender: female ? 'female' : 'male',
    birthDate: `${birthYear}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
    address: [
      { use: 'home', line: ['1 Fictional Street'], city: 'Nowhere', postalCode: '00000', country: 'XX' },
    ],
  });
  if (pattern < 0.85)
    out.Condition.push(condition(pid, 1, '408335007', 'K75.4', 'Autoimmune hepatitis', t0 - 20 * DAY));
  else
    out.Condition.push(
      condition(pid, 1, '197441003', 'K83.01', 'Primary sclerosing cholangitis', t0 - 20 * DAY),
    );
  if (rnd() < 0.2)
    out.Condition.push(condition(pid, 2, '19943007', 'K74.60', 'Cirrhosis of liver', t0 - 10 * DAY));
  out.Condition.push(condition(pid, 3, '38341003', 'I10', 'Essential hypertension', t0 - 400 * DAY));

  const pred = MEDICATIONS[1];
  const aza = MEDICATIONS[2];
  out.MedicationRequest.push(
    medicationRequest(pid, 1, pred, t0, t0 + 90 * DAY, 'completed', 20, 1, rnd() < 0.5),
  );
  out.MedicationRequest.push(
    medicationRequest(pid, 2, MEDICATIONS[0], t0 + 91 * DAY, undefined, 'active', 5, 1, rnd() < 0.5),
  );
  out.MedicationRequest.push(
    medicationRequest(pid, 3, aza, t0 + 14 * DAY, undefined, 'active', 50, 2, rnd() < 0.5),
  );
  if (rnd() < 0.15)
    out.MedicationRequest.push(
      medicationRequest(pid, 4, MEDICATIONS[3], t0 + 400 * DAY, undefined, 'active', 500, 2, true),
    );
  out.MedicationRequest.push(
    medicationRequest(
      pid,
      5,
      { id: 'vitd', rx: '316965', display: 'cholecalciferol 1000 UNT Oral Tablet' },
      t0,
      undefined,
      'active',
      1000,
      1,
      false,
    ),
  );
  if (rnd() < 0.05) {
    out.AllergyIntolerance.push({
      resourceType: 'AllergyIntolerance',
      id: `${pid}-ai-1`,
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
        ],
      },
      verificationStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
            code: 'confirmed',
          },
        ],
      },
      type: 'intolerance',
      code: { coding: [{ system: RXNORM, code: '1256', display: 'azathioprine' }], text: 'Azathioprine' },
      patient: { reference: `Patient/${pid}` },
      recordedDate: isoTime(t0 + 60 * DAY),
      reaction: [{ manifestation: [{ text: 'Pancreatitis' }] }],
    });
  }

  // Labs: a panel about every 6-10 weeks from 2 months before T0 until as-of: ~40 Observations.
  let n = 0;
  const baseAlt = 150 + rnd() * 400;
  for (let ms = t0 - 60 * DAY; ms <= asOfMs - DAY && n < 40; ms += (40 + Math.floor(rnd() * 30)) * DAY) {
    const days = (ms - t0) / DAY;
    const fall = days <= 0 ? 1 : Math.exp(-days / (pattern < 0.45 ? 40 : 120));
    let alt = Math.max(12, baseAlt * fall + (pattern >= 0.45 && pattern < 0.75 ? 45 : 15) + rnd() * 10);
    if (pattern >= 0.75 && pattern < 0.85 && days > 365) alt = 130 + rnd() * 50;
    const round = (v) => Math.round(v * 10) / 10;
    out.Observation.push(observation(pid, ++n, LABS.alt, 'alt', ms, round(alt), rnd));
    out.Observation.push(observation(pid, ++n, LABS.ast, 'ast', ms, round(alt * 0.8), rnd));
    if (n % 4 === 0 || days > 150)
      out.Observation.push(
        observation(pid, ++n, LABS.igg, 'igg', ms, round(12 + (alt > 45 ? 6 : 0) + rnd() * 3), rnd),
      );
    if (n % 3 === 0)
      out.Observation.push(observation(pid, ++n, LABS.wbc, 'wbc', ms, round(4 + rnd() * 5), rnd));
    if (n % 5 === 0)
      out.Observation.push(observation(pid, ++n, LABS.bili, 'bili', ms, round(0.4 + rnd()), rnd));
    if (n % 7 === 0)
      out.Observation.push(observation(pid, ++n, LABS.alb, 'alb', ms, round(3.5 + rnd()), rnd));
  }
  out.Observation.push(
    observation(pid, ++n, LABS.egfr, 'egfr', asOfMs - 30 * DAY, Math.round(50 + rnd() * 50), rnd),
  );
  out.Observation.push(
    observation(
      pid,
      ++n,
      LABS.inr,
      'inr',
      asOfMs - 30 * DAY,
      Math.round((0.9 + rnd() * 0.5) * 100) / 100,
      rnd,
    ),
  );
  return out;
}

export function generateExport({
  patients = DEFAULT_PATIENTS,
  out = DEFAULT_OUT,
  seed = 20260101,
  asOf = '2025-06-30',
} = {}) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const types = ['Patient', 'Observation', 'MedicationRequest', 'Condition', 'AllergyIntolerance'];
  const fds = Object.fromEntries(types.map((type) => [type, openSync(join(out, `${type}.ndjson`), 'w')]));
  const buffers = Object.fromEntries(types.map((type) => [type, []]));
  const counts = Object.fromEntries([...types, 'Medication'].map((type) => [type, 0]));
  const flush = (type) => {
    writeSync(fds[type], buffers[type].join(''));
    buffers[type] = [];
  };
  const medFd = openSync(join(out, 'Medication.ndjson'), 'w');
  writeSync(medFd, MEDICATIONS.map((m) => JSON.stringify(medicationResource(m)) + '\n').join(''));
  closeSync(medFd);
  counts.Medication = MEDICATIONS.length;
  const rnd = random(seed);
  const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  for (let i = 0; i < patients; i += 1) {
    const resources = patientResources(i, rnd, asOfMs);
    for (const type of types) {
      for (const resource of resources[type]) buffers[type].push(JSON.stringify(resource) + '\n');
      counts[type] += resources[type].length;
      if (buffers[type].length >= 2000) flush(type);
    }
  }
  for (const type of types) {
    flush(type);
    closeSync(fds[type]);
  }
  return { out, asOf, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { patients: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } },
  });
  const started = Date.now();
  const result = generateExport({
    patients: values.patients ? Number(values.patients) : DEFAULT_PATIENTS,
    out: values.out ?? DEFAULT_OUT,
    seed: values.seed ? Number(values.seed) : undefined,
  });
  console.log(
    `wrote ${result.total} resources to ${result.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    result.counts,
  );
}
