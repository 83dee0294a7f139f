/**
 * The upper limit written in `referenceRange.text` (clinical-rules.md §2, `lab-text`): "10-40",
 * "<40 U/L", "<= 40", "0 - 35". §2 wants the single range that applies, so a text holding several
 * ranges, or naming an age group, is not read; one naming a sex is read only when the patient's sex
 * picks exactly one range ("10-50 (M), 7-35 (F)" for a woman is 35). Otherwise the next source applies.
 */
import type { PatientContext } from './uln.js';

export type RangeTextReading =
  { kind: 'high'; high: number } | { kind: 'none' } | { kind: 'refused'; why: string };

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const UPPER_LIMIT = new RegExp(String.raw`^(?:<=?|≤|up to|below|less than)\s*(${NUMBER})`, 'i');
const INTERVAL = new RegExp(String.raw`^${NUMBER}\s*(?:-|–|—|to)\s*(${NUMBER})`, 'i');
const SEX_LABEL = /\b(?:(?:fe)?males?|(?:wo)?m[ae]n)\b|\(\s*[mf]\s*\)|^\s*[mf]\s*:/gi;
const AGE_GROUP =
  /\b(?:adults?|child(?:ren)?|p(?:a)?ediatrics?|infants?|newborns?|neonat\w*|adolescents?|elderly|years?|yrs?|months?|weeks?|days?)\b/i;
/** "(Adult)", "adults": the one age label read, for a patient known to be an adult. */
const ADULT_LABEL = /\(\s*adults?\s*\)|\badults?\b/gi;
const ADULT_AGE_YEARS = 18;

/** Between ranges: ";", a new line, "|", " / ", or a comma that is not a decimal comma. */
const SEGMENT_BREAK = /[;\n|]|,(?!\d)|\s\/\s/;

type Sex = 'male' | 'female';

/** One range alone, followed by nothing but a unit or words: its upper limit; 'several' if more digits follow. */
function singleRange(text: string): number | 'several' | undefined {
  const t = text.trim();
  const match = UPPER_LIMIT.exec(t) ?? INTERVAL.exec(t);
  if (!match) return undefined;
  if (/\d/.test(t.slice(match[0].length))) return 'several';
  return Number(match[1]);
}

function sexOfLabel(label: string): Sex {
  return /^\W*(?:f|wo|fe)/i.test(label.trim()) ? 'female' : 'male';
}

interface Segment {
  sex?: Sex | 'both';
  high: number | 'several' | undefined;
}

/** A segment labelled with exactly one sex and holding exactly one range. */
interface SexRange {
  sex: Sex;
  high: number;
}

function isSexRange(s: Segment): s is SexRange {
  return (s.sex === 'male' || s.sex === 'female') && typeof s.high === 'number';
}

function segmentOf(text: string): Segment {
  const labels = [...text.matchAll(SEX_LABEL)].map((m) => sexOfLabel(m[0]));
  const rest = text.replace(SEX_LABEL, ' ').replace(/^[\s:]+/, '');
  const high = singleRange(rest);
  if (labels.length === 0) return { high };
  return { sex: labels.every((s) => s === labels[0]) ? labels[0] : 'both', high };
}

/** Reads the upper limit of a reference range text for a patient of the given sex and age. */
export function readRangeText(
  text: string,
  gender: PatientContext['gender'],
  ageYears?: number,
): RangeTextReading {
  let t = text.replace(/(\d),(?=\d)/g, '$1.'); // decimal comma
  // A range labelled for adults alone ("7-56 U/L (Adult)", a common lab printout) applies to an adult.
  const withoutAdult = t.replace(ADULT_LABEL, ' ');
  if (withoutAdult !== t && !AGE_GROUP.test(withoutAdult)) {
    if (ageYears === undefined || ageYears < ADULT_AGE_YEARS)
      return { kind: 'refused', why: 'it gives an adult range and the patient is not known to be an adult' };
    t = withoutAdult;
  }
  if (AGE_GROUP.test(t)) return { kind: 'refused', why: 'it names an age group' };
  const segments = t
    .split(SEGMENT_BREAK)
    .filter((s) => /\d/.test(s) || s.match(SEX_LABEL))
    .map(segmentOf);
  if (segments.length === 0) return { kind: 'none' };
  if (segments.some((s) => s.high === 'several')) return { kind: 'refused', why: 'it holds several ranges' };
  const only = segments.length === 1 ? segments[0]! : undefined;
  if (only && only.sex === undefined)
    return typeof only.high === 'number' ? { kind: 'high', high: only.high } : { kind: 'none' };
  return bySex(segments, gender);
}

/** Ranges each labelled with one sex, at most one per sex: the patient's, when their sex is known. */
function bySex(segments: readonly Segment[], gender: PatientContext['gender']): RangeTextReading {
  const ranges = segments.filter(isSexRange);
  const oneEach =
    ranges.length === segments.length && new Set(ranges.map((r) => r.sex)).size === ranges.length;
  if (!oneEach) return { kind: 'refused', why: 'it holds several ranges' };
  if (gender !== 'male' && gender !== 'female')
    return { kind: 'refused', why: "it gives ranges by sex and the patient's sex is not known" };
  const own = ranges.find((r) => r.sex === gender);
  if (!own) return { kind: 'refused', why: `it gives no range for a ${gender} patient` };
  return { kind: 'high', high: own.high };
}
