/** Words the screen uses for the core's stable ids (clinical-rules.md): one place, reviewed with the rules. */
import type {
  AnalyteId,
  IngredientId,
  QualifierId,
  ResponseStateId,
  SafetyFlagId,
  UlnSource,
} from '../core/types.js';

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

export const ANALYTE_LABEL: Record<AnalyteId, string> = {
  alt: 'ALT',
  ast: 'AST',
  igg: 'IgG',
  egfr: 'eGFR',
  inr: 'INR',
  wbc: 'WBC',
  tgn6: '6-TGN',
  mmp6: '6-MMP',
  'tacrolimus-trough': 'Tacrolimus trough',
  weight: 'Weight',
};

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

/** `2.31` → `2.3×ULN`; one decimal is what the thresholds (1.0, 1.5, 2.0) are read at. */
export function formatXUln(xUln: number | undefined): string {
  return xUln === undefined ? '—' : `${xUln.toFixed(1)}×ULN`;
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
}

/** Dates as `YYYY-MM-DD`: unambiguous across locales, and what the card's detail uses. */
export function formatDate(date: string): string {
  return date.slice(0, 10);
}
