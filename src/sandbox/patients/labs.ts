/**
 * Laboratory Observations. Values are written in the clinic's usual units (ALT/AST U/L, IgG g/L)
 * and converted to the unit the imitated EHR reports: Epic-like IgG in mg/dL with a text
 * reference range, Oracle-like low/high ranges of type normal, and ALT in µkat/L on request.
 */
import { SYSTEM } from '../../core/codes.js';
import type { Chart } from './chart.js';

export type LabKind = 'alt' | 'ast' | 'igg' | 'inr' | 'egfr' | 'wbc' | 'tgn6' | 'mmp6';

interface LabDefinition {
  loinc?: string;
  display: string;
  unit: string;
  ucum: string;
  low?: number;
  high?: number;
}

const LOCAL_SYSTEM = 'urn:oid:1.2.840.114350.1.13.9999.2.7.5.737384.13';

const LABS: Record<LabKind, LabDefinition> = {
  alt: {
    loinc: '1742-6',
    display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    unit: 'U/L',
    ucum: 'U/L',
    low: 7,
    high: 40,
  },
  ast: {
    loinc: '1920-8',
    display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    unit: 'U/L',
    ucum: 'U/L',
    low: 8,
    high: 35,
  },
  igg: { loinc: '2465-3', display: 'IgG [Mass/volume] in Serum', unit: 'g/L', ucum: 'g/L', low: 7, high: 16 },
  inr: {
    loinc: '6301-6',
    display: 'INR in Platelet poor plasma by Coagulation assay',
    unit: 'INR',
    ucum: '{INR}',
    low: 0.9,
    high: 1.2,
  },
  egfr: {
    loinc: '98979-8',
    display: 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] (CKD-EPI 2021)',
    unit: 'mL/min/1.73m2',
    ucum: 'mL/min/{1.73_m2}',
    low: 60,
  },
  wbc: {
    loinc: '6690-2',
    display: 'Leukocytes [#/volume] in Blood by Automated count',
    unit: '10*9/L',
    ucum: '10*9/L',
    low: 4,
    high: 11,
  },
  // 6-TGN and 6-MMP have no verified LOINC: laboratories report them under local codes.
  tgn6: {
    display: '6-Thioguanine nucleotides (6-TGN) in RBC',
    unit: 'pmol/8x10^8 RBC',
    ucum: 'pmol/{8.10*8.RBC}',
    low: 235,
    high: 450,
  },
  mmp6: {
    display: '6-Methylmercaptopurine (6-MMP) in RBC',
    unit: 'pmol/8x10^8 RBC',
    ucum: 'pmol/{8.10*8.RBC}',
    high: 5700,
  },
};

export interface LabOptions {
  /** Report ALT/AST in µkat/L (1 µkat/L = 60 U/L), as some European laboratories do. */
  microkatal?: boolean;
}

function reportedUnit(
  chart: Chart,
  kind: LabKind,
  options: LabOptions,
): { factor: number; unit: string; ucum: string } {
  if (options.microkatal && (kind === 'alt' || kind === 'ast'))
    return { factor: 1 / 60, unit: 'µkat/L', ucum: 'ukat/L' };
  if (kind === 'igg' && chart.shape === 'epic') return { factor: 100, unit: 'mg/dL', ucum: 'mg/dL' };
  return { factor: 1, unit: LABS[kind].unit, ucum: LABS[kind].ucum };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function referenceRange(
  chart: Chart,
  def: LabDefinition,
  factor: number,
  unit: string,
  ucum: string,
): unknown[] {
  const low = def.low === undefined ? undefined : round(def.low * factor);
  const high = def.high === undefined ? undefined : round(def.high * factor);
  if (chart.shape === 'epic') {
    const text =
      low !== undefined && high !== undefined
        ? `${low}-${high} ${unit}`
        : high !== undefined
          ? `<=${high} ${unit}`
          : `>=${low} ${unit}`;
    return [{ text }];
  }
  const quantity = (value: number) => ({ value, unit, system: SYSTEM.ucum, code: ucum });
  return [
    {
      ...(low !== undefined ? { low: quantity(low) } : {}),
      ...(high !== undefined ? { high: quantity(high) } : {}),
      type: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/referencerange-meaning', code: 'normal' }],
      },
    },
  ];
}

/** Add results of one test: `points` are [day relative to today, value in the clinic's unit]. */
export function addLabs(
  chart: Chart,
  kind: LabKind,
  points: readonly [number, number][],
  options: LabOptions = {},
): void {
  const def = LABS[kind];
  const { factor, unit, ucum } = reportedUnit(chart, kind, options);
  for (const [day, value] of points) {
    const coding = [
      ...(def.loinc ? [{ system: SYSTEM.loinc, code: def.loinc, display: def.display }] : []),
      { system: LOCAL_SYSTEM, code: `LAB-${kind.toUpperCase()}`, display: def.display },
    ];
    chart.add({
      resourceType: 'Observation',
      id: chart.nextId(kind),
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
        },
      ],
      code: { coding, text: def.display },
      subject: chart.subject,
      effectiveDateTime: chart.clock.at(day),
      issued: `${chart.clock.day(day)}T14:00:00Z`,
      valueQuantity: { value: round(value * factor), unit, system: SYSTEM.ucum, code: ucum },
      referenceRange: referenceRange(chart, def, factor, unit, ucum),
    });
  }
}

export function addWeight(chart: Chart, day: number, kg: number): void {
  chart.add({
    resourceType: 'Observation',
    id: chart.nextId('weight'),
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
        ],
      },
    ],
    code: { coding: [{ system: SYSTEM.loinc, code: '29463-7', display: 'Body weight' }], text: 'Weight' },
    subject: chart.subject,
    effectiveDateTime: chart.clock.at(day),
    valueQuantity: { value: kg, unit: 'kg', system: SYSTEM.ucum, code: 'kg' },
  });
}

export function addPregnancyStatus(chart: Chart, day: number): void {
  chart.add({
    resourceType: 'Observation',
    id: chart.nextId('pregnancy-status'),
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'social-history' },
        ],
      },
    ],
    code: { coding: [{ system: SYSTEM.loinc, code: '82810-3', display: 'Pregnancy status' }] },
    subject: chart.subject,
    effectiveDateTime: chart.clock.at(day),
    valueCodeableConcept: { coding: [{ system: SYSTEM.snomed, code: '77386006', display: 'Pregnant' }] },
  });
}
