/** Words the screen uses for the core's stable ids (clinical-rules.md): one place, reviewed with the rules. */
import { formatXUln as formatCardXUln } from '../core/card/format.js';
import type { IngredientId, QualifierId, ResponseStateId, SafetyFlagId, UlnSource } from '../core/types.js';

export const RESPONSE_LABEL: Record<ResponseStateId, string> = {
  'not-applicable': 'Not applicable: no autoimmune hepatitis diagnosis recorded',
  'out-of-scope': 'Out of scope: transplant or variant syndrome',
  untreated: 'Untreated: no first-line therapy found',
  'loss-of-response': 'Loss of response',
  'complete-biochemical-response': 'Complete biochemical response',
  'late-response': 'Late response (after 6 months)',
  'non-response': 'Non-response',
  'too-early': 'Too early to assess',
  'insufficient-response': 'Insufficient response',
  'insufficient-data': 'Insufficient data to assess',
};

export const QUALIFIER_LABEL: Record<QualifierId, string> = {
  'tailor-like': 'Matches the TAILOR trial population (ALT ≥ 1.5×ULN for 2 months on first line)',
  'latest-above-uln': 'Latest value above the upper limit of normal: repeat the test',
  'uln-default': 'Relies on a default upper limit of normal (the lab gave none)',
  'second-line-failure': 'Second-line therapy is failing',
};

export const FLAG_LABEL: Record<SafetyFlagId, string> = {
  pregnancy: 'Pregnancy',
  'reproductive-potential': 'Reproductive potential: counsel on contraception',
  'egfr-below-60': 'eGFR below 60 mL/min/1.73 m²',
  cirrhosis: 'Cirrhosis or portal hypertension',
  decompensated: 'Decompensated liver disease',
  leukopenia: 'Leukopenia (WBC below 3.0×10⁹/L)',
  'prior-mmf': 'Mycophenolate tried before',
  'prior-tacrolimus': 'Tacrolimus tried before',
};

export { ANALYTE_LABEL } from '../core/codes.js';

export const ULN_SOURCE_LABEL: Record<UlnSource, string> = {
  lab: "lab's reference range",
  'lab-text': "lab's reference range (text)",
  default: 'default ULN (lab gave none)',
};

export const LINE_LABEL = {
  first: 'first line',
  second: 'second line',
  third: 'third line',
  none: 'no line of therapy',
} as const;

export function ingredientLabel(id: IngredientId): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/** ×ULN as the card writes it: a rounded value never reads as a threshold it is not on. */
export function formatXUln(xUln: number | undefined): string {
  return xUln === undefined ? '—' : formatCardXUln(xUln);
}

export { formatNumber } from '../core/card/format.js';

/** Dates as `YYYY-MM-DD`: unambiguous across locales, and what the card's detail uses. */
export function formatDate(date: string): string {
  return date.slice(0, 10);
}
