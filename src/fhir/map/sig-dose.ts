/**
 * Daily dose in mg from a sig as written (clinical-rules.md §1 "Daily dose", step 2): an amount in
 * mg (or g, mcg), or a number of tablets × the product's strength, times a frequency word. Anything
 * the parser cannot read for certain gives no dose: a dose-unknown note is safer than a wrong dose,
 * which would open or close an azathioprine increase or set the allopurinol reduction.
 */
import { boundedMemo } from '../../core/memo.js';
import { TIME_MARK, takeFrequencies } from './sig-frequency.js';
import { normaliseSig } from './sig-text.js';

/**
 * Sigs that name more than one regimen or leave the amount to judgement: tapers, ranges, "as needed",
 * "or" before an amount ("1 or 2 tablets"; "with food or milk" is no choice of dose), weight-based
 * doses, weekly or monthly schedules (named weekdays: "Monday-Friday", "not on Sundays"). Read as no
 * dose (never the lower or higher).
 */
const UNRESOLVABLE =
  /\b(?:then|taper\w*|decreas\w*|reduc\w*|increas\w*|titrat\w*|alternating|followed|until|weeks?|weekly|months?|monthly|prn|needed|or(?= ?\d)|directed|instruct\w*|sliding|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?|weekdays?)\b|\/ ?(?:kg|m2)\b|per kg\b/;
const RANGE = /\d\s*(?:-|–|—|to)\s*\.?\d/;

const NUMBER = '(\\d+(?:\\.\\d+)?|\\.\\d+)';
const MASS_UNIT = '(mg|milligrams?|mcg|micrograms?|µg|ug|g|gm|grams?)';
const FORM = '(?:\\s*(?:oral\\s+)?(?:tablets?|tabs?|capsules?|caps?|pills?)\\b)';

const MG_PER_UNIT: Record<string, number> = {
  mg: 1,
  milligram: 1,
  milligrams: 1,
  g: 1000,
  gm: 1000,
  gram: 1000,
  grams: 1000,
  mcg: 0.001,
  microgram: 0.001,
  micrograms: 0.001,
  µg: 0.001,
  ug: 0.001,
};

const TOTAL = new RegExp(
  `\\(\\s*(?:total\\s+)?${NUMBER}\\s*${MASS_UNIT}\\s*(?:total\\s*)?\\)|\\(\\s*${NUMBER}\\s*${MASS_UNIT}\\s*\\)`,
  'g',
);
const COUNT_TIMES_MASS = new RegExp(`${NUMBER}\\s*x\\s*${NUMBER}\\s*${MASS_UNIT}\\b${FORM}?`, 'g');
const MASS_TIMES_COUNT = new RegExp(`${NUMBER}\\s*${MASS_UNIT}\\b${FORM}?\\s*x\\s*${NUMBER}\\b`, 'g');
const MASS = new RegExp(`${NUMBER}\\s*${MASS_UNIT}\\b(${FORM})?`, 'g');
const COUNT = new RegExp(`${NUMBER}${FORM}`, 'g');
const TAKE_COUNT = new RegExp(`\\btake\\s+${NUMBER}\\b`, 'g');
const BARE_NUMBER = new RegExp(NUMBER, 'g');

function mg(value: string | undefined, unit: string | undefined): number {
  return Number(value) * (MG_PER_UNIT[unit ?? ''] ?? Number.NaN);
}

interface Amounts {
  /** "(50 mg total)", "(100 mg)": what one administration amounts to, as Epic writes it. */
  totals: number[];
  /** "2 x 50 mg", "50 mg x 2". */
  products: number[];
  /** Amounts in mg not followed by a dose form. */
  doses: number[];
  /** "50 mg tablet": the strength of the unit taken. */
  strengths: number[];
  /** Number of tablets or capsules. */
  counts: number[];
  /** Numbers left over, whose meaning is unknown. */
  bare: number[];
}

function collect(segment: string): Amounts {
  const found: Amounts = { totals: [], products: [], doses: [], strengths: [], counts: [], bare: [] };
  let rest = segment.replace(TOTAL, (_m, n1: string, u1: string, n2: string, u2: string) => {
    found.totals.push(n1 !== undefined ? mg(n1, u1) : mg(n2, u2));
    return ' ';
  });
  rest = rest.replace(COUNT_TIMES_MASS, (_m, count: string, n: string, unit: string) => {
    found.products.push(Number(count) * mg(n, unit));
    return ' ';
  });
  rest = rest.replace(MASS_TIMES_COUNT, (_m, n: string, unit: string, count: string) => {
    found.products.push(Number(count) * mg(n, unit));
    return ' ';
  });
  rest = rest.replace(MASS, (_m, n: string, unit: string, form: string | undefined) => {
    (form ? found.strengths : found.doses).push(mg(n, unit));
    return ' ';
  });
  rest = rest.replace(COUNT, (_m, n: string) => {
    found.counts.push(Number(n));
    return ' ';
  });
  rest = rest.replace(TAKE_COUNT, (_m, n: string) => {
    found.counts.push(Number(n));
    return ' ';
  });
  for (const match of rest.matchAll(BARE_NUMBER)) found.bare.push(Number(match[1]));
  return found;
}

function single(values: readonly number[]): number | undefined {
  const distinct = new Set(values);
  return distinct.size === 1 ? values[0] : undefined;
}

/** Epic's "(50 mg total)": trusted unless the tablets counted beside it say otherwise. */
function totalOf(a: Amounts, productStrengthMg: number | undefined): number | undefined {
  const total = single(a.totals);
  if (total === undefined || a.products.length > 0 || a.bare.length > 0) return undefined;
  // A second count or another amount in mg is a second dose ("… daily and 2 tablets at bedtime", "Patient
  // taking differently: 100 mg"): the total alone would under-count and invite an increase.
  if (a.counts.length > 1 || a.doses.some((dose) => dose !== total)) return undefined;
  const strength = single(a.strengths) ?? productStrengthMg;
  const count = single(a.counts);
  if (count !== undefined && strength !== undefined && count * strength !== total) return undefined;
  return total;
}

/** What one administration amounts to in mg, from one stretch of sig; undefined when unsure. */
function amountOf(segment: string, productStrengthMg: number | undefined): number | undefined {
  const a = collect(segment);
  if (a.totals.length > 0) return totalOf(a, productStrengthMg);
  if (a.products.length > 0)
    return a.doses.length + a.counts.length + a.bare.length === 0 && a.products.length === 1
      ? a.products[0]
      : undefined;
  if (a.strengths.length > 1 && single(a.strengths) === undefined) return undefined;
  const strength = a.strengths[0] ?? productStrengthMg;
  // A lone number beside a strength ("50 mg tablet, 3 daily") is the number of tablets.
  const counts = a.counts.length === 0 && a.doses.length === 0 && a.strengths.length > 0 ? a.bare : a.counts;
  if (counts !== a.bare && a.bare.length > 0) return undefined;
  if (a.doses.length > 1 || counts.length > 1) return undefined;
  const dose = a.doses[0];
  const count = counts[0];
  if (dose !== undefined && count === undefined) return dose;
  if (count === undefined || strength === undefined) return undefined;
  if (dose === undefined || dose === strength) return count * strength;
  return dose === count * strength ? dose : undefined;
}

/** Several doses of a day, each at its time ("100 mg mane 50 mg nocte"): their sum, or undefined. */
function splitDayDose(rest: string, strength: number | undefined): number | undefined {
  const parts = rest.split(TIME_MARK);
  const hasNumber = (s: string | undefined): boolean => /\d/.test(s ?? '');
  // The amount stands before its time ("100 mg mane") or after it ("mane 100 mg").
  const amounts = !hasNumber(parts[parts.length - 1])
    ? parts.slice(0, -1)
    : !hasNumber(parts[0])
      ? parts.slice(1)
      : undefined;
  if (!amounts) return undefined;
  // "1 tablet morning and evening": one amount given for every time named.
  const [first, ...others] = amounts;
  if (first !== undefined && others.length > 0 && others.every((p) => /^[\s,;&]*(?:and)?[\s,;&]*$/.test(p))) {
    const amount = amountOf(first, strength);
    return amount === undefined ? undefined : amount * amounts.length;
  }
  let total = 0;
  for (const part of amounts) {
    const amount = amountOf(part, strength);
    if (amount === undefined) return undefined;
    total += amount;
  }
  return total;
}

/**
 * Sigs repeat (every renewal of an order, every call about the same patient) and reading one costs
 * a dozen regular expressions: each sig and strength is read once.
 */
const rememberedDoses = boundedMemo((key: string): number | undefined => {
  const cut = key.indexOf('\u0000');
  const strength = key.slice(0, cut);
  return readDailyDose(key.slice(cut + 1), strength === '' ? undefined : Number(strength));
}, 10_000);

/**
 * The daily dose in mg a sig describes, or undefined. `productStrengthMg` is the strength of one
 * tablet as the medication's name gives it, used when the sig counts tablets.
 */
export function dailyDoseFromSig(sig: string, productStrengthMg?: number): number | undefined {
  return rememberedDoses(`${productStrengthMg ?? ''}\u0000${sig}`);
}

function readDailyDose(sig: string, productStrengthMg: number | undefined): number | undefined {
  const text = normaliseSig(sig);
  if (UNRESOLVABLE.test(text) || RANGE.test(text)) return undefined;
  const { rest, perDay, timesOfDay } = takeFrequencies(text);
  let dose: number | undefined;
  if (perDay.size > 1) return undefined; // conflicting frequencies
  const [frequency] = [...perDay];
  if (frequency !== undefined) {
    dose = amountOf(rest.split(TIME_MARK).join(' '), productStrengthMg);
    dose = dose === undefined ? undefined : dose * frequency;
  } else if (timesOfDay === 1) {
    dose = amountOf(rest.split(TIME_MARK).join(' '), productStrengthMg);
  } else if (timesOfDay > 1) {
    dose = splitDayDose(rest, productStrengthMg);
  }
  if (dose === undefined || !Number.isFinite(dose) || dose <= 0) return undefined;
  return Math.round(dose * 1000) / 1000;
}
