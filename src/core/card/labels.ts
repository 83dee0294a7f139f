/**
 * The words the card uses for states, tests, safety flags and qualifiers (clinical-rules.md §4, §7).
 * Kept apart from the card builders so the UI can show the same words.
 */
import type { QualifierId, ResponseStateId, SafetyFlagId } from '../types.js';

export const STATE_LABEL: Readonly<Record<ResponseStateId, string>> = {
  'not-applicable': 'Not applicable: no autoimmune hepatitis diagnosis on record',
  'out-of-scope': 'Out of scope: liver transplant or PBC/PSC variant syndrome',
  untreated: 'Untreated autoimmune hepatitis',
  'loss-of-response': 'Loss of response',
  'complete-biochemical-response': 'Complete biochemical response',
  'late-response': 'Late biochemical response',
  'non-response': 'Non-response',
  'too-early': 'Too early to assess',
  'insufficient-response': 'Insufficient response',
  'insufficient-data': 'Insufficient data',
};

export { ANALYTE_LABEL } from '../codes.js';

/** Short name of a flag, used where a recommendation is blocked or warned by it. */
export const FLAG_NAME: Readonly<Record<SafetyFlagId, string>> = {
  pregnancy: 'pregnancy',
  'reproductive-potential': 'reproductive potential',
  'egfr-below-60': 'eGFR below 60',
  cirrhosis: 'cirrhosis',
  decompensated: 'decompensated liver disease',
  leukopenia: 'leukopenia',
  'prior-mmf': 'mycophenolate tried before',
  'prior-tacrolimus': 'tacrolimus tried before',
};

/** What a flag means for treatment (clinical-rules.md §7). */
export const FLAG_TEXT: Readonly<Record<SafetyFlagId, string>> = {
  pregnancy:
    'Pregnancy: mycophenolate and allopurinol are not suggested (EASL-2025; mycophenolate boxed warning).',
  'reproductive-potential':
    'Female of reproductive potential: counsel on pregnancy prevention before mycophenolate (boxed warning).',
  'egfr-below-60':
    'eGFR below 60 mL/min/1.73 m² within 12 months: caution with tacrolimus; follow creatinine and trough (TAILOR exclusion).',
  cirrhosis: 'Cirrhosis or portal hypertension: budesonide is not suggested.',
  decompensated:
    'Decompensated liver disease (or INR > 1.5 off vitamin K antagonists) within 6 months: refer to an expert centre and consider transplant evaluation.',
  leukopenia: 'Leukopenia (WBC < 3.0×10⁹/L within 3 months): caution with thiopurines and mycophenolate.',
  'prior-mmf': 'Mycophenolate was tried before: not suggested again.',
  'prior-tacrolimus': 'Tacrolimus was tried before: not suggested again.',
};

/** Why a flag is a warning on a suggestion: short text for the suggestion's action description. */
export const FLAG_WARNING: Readonly<Record<SafetyFlagId, string>> = {
  pregnancy: 'pregnancy on record',
  'reproductive-potential': 'counsel on contraception (reproductive potential)',
  'egfr-below-60': 'eGFR below 60: follow creatinine and trough',
  cirrhosis: 'cirrhosis on record',
  decompensated: 'decompensated liver disease',
  leukopenia: 'leukopenia: follow the white cell count',
  'prior-mmf': 'mycophenolate tried before',
  'prior-tacrolimus': 'tacrolimus tried before',
};

export const QUALIFIER_TEXT: Readonly<Record<QualifierId, string>> = {
  'tailor-like':
    'TAILOR-like: insufficient response on a thiopurine plus a steroid with ALT ≥ 1.5×ULN for at least 2 months (TAILOR inclusion).',
  'latest-above-uln':
    'The latest ALT, AST or IgG is above the ULN without a loss of response: repeat the test.',
  'uln-default':
    'A value in this decision was judged against a default ULN: the lab gave no reference range.',
  'second-line-failure': 'The assessed regimen is second line and it has failed.',
};

/** Why an observation is part of the decision (EvidenceItem.role). */
export const ROLE_LABEL: Readonly<Record<string, string>> = {
  'cbr-panel': 'complete-response panel',
  'loss-event': 'loss of response',
  baseline: 'baseline',
  'week-4': 'week 4',
  latest: 'latest result',
  'tailor-alt': 'ALT ≥ 1.5×ULN run (TAILOR-like)',
  'latest-above-uln': 'latest result above ULN',
  'egfr-below-60': 'safety: eGFR below 60',
  decompensated: 'safety: INR above 1.5',
  leukopenia: 'safety: WBC below 3.0×10⁹/L',
};

/** The label of a role; `undefined` for a role this table does not know (shown as written, escaped). */
export function roleLabel(role: string): string | undefined {
  return ROLE_LABEL[role];
}
