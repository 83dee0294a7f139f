/**
 * Compact builders of core inputs for the rule tests: a lab is `lab('alt', '2024-03-01', 80)` with
 * the analyte's canonical unit and a lab ULN (ALT/AST 40 U/L, IgG 16 g/L) unless told otherwise.
 */
import type {
  AnalyteId,
  Assessment,
  ConditionId,
  ConditionRecord,
  IngredientId,
  IntoleranceRecord,
  LabResult,
  LoadGap,
  MedicationExposure,
  PatientRecord,
  PregnancyStatus,
  ProductIdentity,
  RecommendationId,
  RecommendationResult,
  ReferenceRange,
} from '../../../src/core/types.js';
import { CANONICAL_UNIT } from '../../../src/core/codes.js';
import { addDays } from '../../../src/core/dates.js';

let counter = 0;
const LAB_ULN: Partial<Record<AnalyteId, number>> = { alt: 40, ast: 40, igg: 16 };

export interface LabOptions {
  unit?: string;
  /** Reference range high; `null` for no range at all. */
  high?: number | null;
  text?: string;
  comparator?: LabResult['comparator'];
  status?: string;
}

export function lab(analyte: AnalyteId, date: string, value: number, o: LabOptions = {}): LabResult {
  counter += 1;
  const high = o.high === undefined ? LAB_ULN[analyte] : o.high;
  return {
    ref: `Observation/${analyte}-${date}-${counter}`,
    analyte,
    effective: date,
    value,
    ...(o.comparator ? { comparator: o.comparator } : {}),
    unit: o.unit ?? CANONICAL_UNIT[analyte],
    referenceRanges: [
      ...(high !== null && high !== undefined ? [{ high: { value: high } }] : []),
      ...(o.text ? [{ text: o.text }] : []),
    ],
    status: o.status ?? 'final',
    matchedBy: 'loinc',
  };
}

/** ALT, AST and IgG at the same date, as ×ULN of the default lab ranges. */
export function panel(date: string, altX: number, astX: number, iggX: number): LabResult[] {
  return [lab('alt', date, altX * 40), lab('ast', date, astX * 40), lab('igg', date, iggX * 16)];
}

export interface MedOptions {
  end?: string;
  status?: string;
  dose?: number;
  reasonText?: string;
  reasonCodes?: string[];
  lastKnown?: string;
  /** The product as ordered (one `system|code`, or the identity): same product and dose overlapping = a renewal. */
  product?: string | ProductIdentity;
}

export function med(ingredient: IngredientId, start: string, o: MedOptions = {}): MedicationExposure {
  counter += 1;
  return {
    ref: `MedicationRequest/${ingredient}-${counter}`,
    source: 'MedicationRequest',
    ingredient,
    matchedBy: 'rxnorm',
    start,
    ...(o.end ? { end: o.end } : {}),
    ...(o.lastKnown ? { lastKnown: o.lastKnown } : {}),
    status: o.status ?? (o.end ? 'completed' : 'active'),
    ...(o.reasonText || o.reasonCodes
      ? { statusReason: { codes: o.reasonCodes ?? [], text: o.reasonText } }
      : {}),
    ...(o.dose !== undefined ? { dailyDoseMg: o.dose } : {}),
    ...(o.product !== undefined
      ? { product: typeof o.product === 'string' ? { codes: [o.product] } : o.product }
      : {}),
  };
}

export function cond(condition: ConditionId, o: Partial<ConditionRecord> = {}): ConditionRecord {
  counter += 1;
  return {
    ref: `Condition/${condition}-${counter}`,
    condition,
    clinicalStatus: 'active',
    verificationStatus: 'confirmed',
    ...o,
  };
}

export function allergy(ingredient: IngredientId, o: Partial<IntoleranceRecord> = {}): IntoleranceRecord {
  counter += 1;
  return {
    ref: `AllergyIntolerance/${ingredient}-${counter}`,
    ingredient,
    verificationStatus: 'confirmed',
    ...o,
  };
}

export interface PatientParts {
  id?: string;
  gender?: PatientRecord['gender'];
  birthDate?: string;
  labs?: LabResult[];
  meds?: MedicationExposure[];
  conditions?: ConditionRecord[];
  intolerances?: IntoleranceRecord[];
  pregnancyStatus?: PregnancyStatus[];
  gaps?: LoadGap[];
}

/** A patient with AIH (unless conditions are given), female, born 1980. */
export function patient(p: PatientParts = {}): PatientRecord {
  return {
    patientId: p.id ?? 'p1',
    gender: p.gender ?? 'female',
    birthDate: p.birthDate ?? '1980-01-01',
    labs: p.labs ?? [],
    pregnancyStatus: p.pregnancyStatus ?? [],
    medications: p.meds ?? [],
    conditions: p.conditions ?? [cond('aih')],
    intolerances: p.intolerances ?? [],
    dataQuality: [],
    gaps: p.gaps ?? [],
  };
}

/** `day(t, n)`: the date n days after t. */
export const day = (t: string, n: number): string => addDays(t, n);

/** Standard first line from T: prednisolone + azathioprine, both ongoing. */
export function firstLine(t: string, o: { azaDose?: number } = {}): MedicationExposure[] {
  return [med('prednisolone', t), med('azathioprine', t, o.azaDose !== undefined ? { dose: o.azaDose } : {})];
}

/** The way labs usually write the thiopurine metabolite unit. */
export const METABOLITE_UNIT = 'pmol/8x10^8 RBC';

export function metabolite(analyte: 'tgn6' | 'mmp6', date: string, value: number): LabResult {
  return lab(analyte, date, value, { unit: METABOLITE_UNIT });
}

/** A pregnancy-status Observation (LOINC 82810-3). */
export function pregnancyObs(date: string, pregnant: boolean): PregnancyStatus {
  counter += 1;
  return { ref: `Observation/pregnancy-${counter}`, effective: date, pregnant };
}

/** Replaces a lab's reference ranges. */
export function withRanges(l: LabResult, ranges: ReferenceRange[]): LabResult {
  return { ...l, referenceRanges: ranges };
}

export const recommendationIds = (a: Assessment): RecommendationId[] => a.recommendations.map((r) => r.id);

export function recommendation(a: Assessment, id: RecommendationId): RecommendationResult | undefined {
  return a.recommendations.find((r) => r.id === id);
}

/**
 * Every recommendation id of clinical-rules.md §6, in the order §6 lists them: written here from the
 * rules, not imported from the core, so the tests can catch a core that has the order wrong.
 */
export const RULES_RECOMMENDATION_ORDER = [
  'refer-specialist-centre',
  'reconsider-diagnosis',
  'check-adherence',
  'measure-thiopurine-metabolites',
  'optimise-azathioprine',
  'add-allopurinol',
  'switch-to-mmf',
  'switch-to-mercaptopurine-or-thioguanine',
  'switch-to-budesonide',
  'mmf-after-optimisation',
  'consider-tacrolimus',
  'switch-to-mmf-after-cni',
  'continue-current-therapy',
  'reassess-at-6-months',
] as const satisfies readonly RecommendationId[];
