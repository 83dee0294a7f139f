/**
 * How many times a day a sig says to take a dose (clinical-rules.md §1 "Daily dose", step 2). Each
 * phrase found is cut out of the text, longest first, so "once daily" counts once and not also as
 * "daily". Times of day ("mane", "at night") are kept apart: on their own they may split a day's
 * doses ("100 mg mane 50 mg nocte").
 */

/** Marks where a time-of-day phrase stood, for splitting the day's doses. */
export const TIME_MARK = '\u0001';
/** Marks where a frequency phrase stood (a separator: "50 mg" and "daily" must not run together). */
const FREQUENCY_MARK = '\u0002';

interface FrequencyPhrase {
  pattern: RegExp;
  /** Administrations per day; a function when the phrase carries its own number. */
  perDay: number | ((match: RegExpExecArray) => number);
}

const TIMES_A_DAY =
  /\b(\d+) ?(?:x ?)?times? (?:a |per |each |every )?(?:day|daily)\b|\b(\d+) ?x ?(?:daily|a day|per day|\/ ?day|\/ ?d)\b/g;

/** Order matters: numbered and worded phrases before the bare "daily" / "a day" they contain. */
const GENERAL: FrequencyPhrase[] = [
  {
    pattern:
      /\bevery other day\b|\bevery 2(?:nd)? days\b|\bevery second day\b|\bqod\b|\b(?:on )?alternate days\b/g,
    perDay: 0.5,
  },
  { pattern: TIMES_A_DAY, perDay: (m) => Number(m[1] ?? m[2]) },
  {
    pattern: /\bonce (?:a |per |each |every )?(?:day|daily)\b|\bq ?24 ?h(?:ours?|rs?)?\b|\bevery 24 hours\b/g,
    perDay: 1,
  },
  {
    pattern:
      /\btwice (?:a |per |each |every )?(?:day|daily)\b|\bbid\b|\bbd\b|\bq ?12 ?h(?:ours?|rs?)?\b|\bevery 12 hours\b/g,
    perDay: 2,
  },
  {
    pattern:
      /\bthrice (?:a |per |each |every )?(?:day|daily)\b|\btid\b|\btds\b|\bq ?8 ?h(?:ours?|rs?)?\b|\bevery 8 hours\b/g,
    perDay: 3,
  },
  { pattern: /\bqid\b|\bqds\b|\bq ?6 ?h(?:ours?|rs?)?\b|\bevery 6 hours\b/g, perDay: 4 },
  {
    pattern:
      /\bevery day\b|\beach day\b|\bdaily\b|\bq ?day\b|\bqd\b|\bod\b|\bper day\b|\ba day\b|\/ ?day\b|\/ ?d\b/g,
    perDay: 1,
  },
];

/** Once a day at a given time: a frequency on its own, or one of several doses of a day. */
const TIME_OF_DAY =
  /\b(?:in the|every|each) (?:morning|evening)\b|\b(?:at|every|each) night\b|\bat bed ?time\b|\bbed ?time\b|\bnightly\b|\bmornings?\b|\bevenings?\b|\bqam\b|\bqpm\b|\bqhs\b|\bhs\b|\bmane\b|\bnocte\b|\bat noon\b|\bmidday\b/g;

export interface Frequencies {
  /** The sig with every frequency phrase replaced by a separator, times of day by {@link TIME_MARK}. */
  rest: string;
  /** The distinct administrations-per-day values of the general phrases. */
  perDay: Set<number>;
  /** How many time-of-day phrases there were. */
  timesOfDay: number;
}

export function takeFrequencies(sig: string): Frequencies {
  const perDay = new Set<number>();
  let rest = sig;
  for (const phrase of GENERAL) {
    rest = rest.replace(phrase.pattern, (...args: unknown[]) => {
      const match = args.slice(0, -2) as unknown as RegExpExecArray;
      perDay.add(typeof phrase.perDay === 'number' ? phrase.perDay : phrase.perDay(match));
      return ` ${FREQUENCY_MARK} `;
    });
  }
  let timesOfDay = 0;
  rest = rest.replace(TIME_OF_DAY, () => {
    timesOfDay += 1;
    return ` ${TIME_MARK} `;
  });
  return { rest, perDay, timesOfDay };
}
