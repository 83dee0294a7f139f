/**
 * Unit conversion to each analyte's canonical unit (clinical-rules.md §2), through UCUM
 * (@lhncbc/ucum-lhc). Lab systems write units loosely ("IU/L", "µkat/L", "mg/dl", "x10^9/L"), so a
 * small table first rewrites common spellings to UCUM; everything else goes to UCUM as written.
 * Enzyme activity in U/L and [IU]/L is the same quantity (clinical-rules.md §2) though UCUM keeps
 * the arbitrary [IU] apart. Conversion factors are cached: the CLI converts millions of values.
 */
import ucum from '@lhncbc/ucum-lhc';
import { CANONICAL_UNIT } from './codes.js';
import type { AnalyteId } from './types.js';

const ALIASES: Record<string, string> = {
  'iu/l': 'U/L',
  '[iu]/l': 'U/L',
  'u/l': 'U/L',
  'units/l': 'U/L',
  'unit/l': 'U/L',
  'ukat/l': 'ukat/L',
  'µkat/l': 'ukat/L',
  'μkat/l': 'ukat/L',
  'nkat/l': 'nkat/L',
  'mg/dl': 'mg/dL',
  'g/l': 'g/L',
  'g/dl': 'g/dL',
  'mg/l': 'mg/L',
  'mg/ml': 'mg/mL',
  '10^9/l': '10*9/L',
  'x10^9/l': '10*9/L',
  '×10^9/l': '10*9/L',
  '10*9/l': '10*9/L',
  'x10e9/l': '10*9/L',
  'giga/l': '10*9/L',
  'g/l (cells)': '10*9/L',
  '10^3/ul': '10*3/uL',
  'x10^3/ul': '10*3/uL',
  '10*3/ul': '10*3/uL',
  'k/ul': '10*3/uL',
  'k/µl': '10*3/uL',
  'thou/ul': '10*3/uL',
  // Thousands per microlitre as US reference labs and EHRs write them (LabCorp "x10E3/uL").
  'x10e3/ul': '10*3/uL',
  '10e3/ul': '10*3/uL',
  'x10(3)/ul': '10*3/uL',
  'thou/mm3': '10*3/uL',
  'k/mm3': '10*3/uL',
  '10^3/mm3': '10*3/uL',
  '10e9/l': '10*9/L',
  'x10(9)/l': '10*9/L',
  'x10*9/l': '10*9/L',
  '/nl': '/nL',
  'ml/min/1.73m2': 'mL/min/{1.73_m2}',
  'ml/min/1.73 m2': 'mL/min/{1.73_m2}',
  'ml/min/{1.73_m2}': 'mL/min/{1.73_m2}',
  'ml/min/1.73m^2': 'mL/min/{1.73_m2}',
  'ml/min/1.73 m^2': 'mL/min/{1.73_m2}',
  'ml/min/1.73m²': 'mL/min/{1.73_m2}',
  'ml/min/1.73 m²': 'mL/min/{1.73_m2}',
  'ml/min/1.73sq.m': 'mL/min/{1.73_m2}',
  'ml/min/1.73 sq.m': 'mL/min/{1.73_m2}',
  'ml/min/1.73m*2': 'mL/min/{1.73_m2}',
  'ml/min/{1.73m2}': 'mL/min/{1.73_m2}',
  'ml/min': 'mL/min/{1.73_m2}',
  'ng/ml': 'ng/mL',
  'ug/l': 'ug/L',
  'µg/l': 'ug/L',
  kg: 'kg',
  lb: '[lb_av]',
  lbs: '[lb_av]',
  '[lb_av]': '[lb_av]',
  g: 'g',
  // Body weight in any mass unit (rules v2 §1), as EHRs write it.
  kgs: 'kg',
  kilogram: 'kg',
  kilograms: 'kg',
  gram: 'g',
  grams: 'g',
  pound: '[lb_av]',
  pounds: '[lb_av]',
  oz: '[oz_av]',
  ozs: '[oz_av]',
  ounce: '[oz_av]',
  ounces: '[oz_av]',
  '[oz_av]': '[oz_av]',
};

/** Unit strings that mean "no unit" for a dimensionless analyte (INR). */
const DIMENSIONLESS = new Set(['', '1', '{inr}', 'inr', 'ratio', '{ratio}']);

/**
 * Thiopurine metabolites have no UCUM unit; labs write "pmol/8x10^8 RBC" in many ways. The unit is
 * compared after removing spaces, braces and brackets: pmol per 8×10⁸ red cells, whatever the spelling.
 */
const METABOLITE_UNIT = /^pmol\/8[x×*.]10(\^|\*|e)?8\.?(rbc|rbcs|redbloodcells|erythrocytes)?$/;

function isMetaboliteUnit(unit: string): boolean {
  return METABOLITE_UNIT.test(
    unit
      .toLowerCase()
      .replace(/⁸/g, '^8')
      .replace(/[\s{}()[\]]/g, ''),
  );
}

/**
 * Rounds away binary floating-point noise (0.48 µkat/L × 60 = 28.799999999999997) so that a value
 * exactly at a threshold stays exactly at it; 10 decimal places are far beyond any lab's precision.
 */
export function clean(x: number): number {
  return Math.round(x * 1e10) / 1e10;
}

export function canonicalSpelling(unit: string): string {
  const trimmed = unit.trim();
  return ALIASES[trimmed.toLowerCase()] ?? trimmed;
}

/**
 * The conversions labs report most, to each canonical unit, with UCUM's own factors (a test compares
 * every entry with the library, to the last bit): a record with only these never needs UCUM's tables,
 * which the browser then does not load at all.
 */
export const COMMON_FACTORS: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map([
  [
    'U/L',
    new Map([
      ['ukat/L', 60],
      ['nkat/L', 0.06],
    ]),
  ],
  [
    'g/L',
    new Map([
      ['mg/dL', 0.01],
      ['g/dL', 10],
      ['mg/L', 0.001],
    ]),
  ],
  ['ng/mL', new Map([['ug/L', 1]])],
  [
    'kg',
    new Map([
      ['[lb_av]', 0.45359237],
      ['g', 0.001],
      ['[oz_av]', 0.028349523125],
    ]),
  ],
]);

const factorCache = new Map<string, number | null>();
let utils: ReturnType<typeof ucum.UcumLhcUtils.getInstance> | undefined;

/**
 * Multiplicative factor from `from` to `to`, or null when UCUM cannot convert them. A library that
 * cannot be had (the browser loads it on demand) throws: that is not a unit UCUM cannot convert.
 */
function ucumFactor(from: string, to: string): number | null {
  const common = COMMON_FACTORS.get(to)?.get(from);
  if (common !== undefined) return common;
  const key = `${from}\u0000${to}`;
  const cached = factorCache.get(key);
  if (cached !== undefined) return cached;
  const converter = (utils ??= withoutLibraryLogging(() => ucum.UcumLhcUtils.getInstance()));
  const factor = withoutLibraryLogging(() => {
    try {
      const result = converter.convertUnitTo(from, 1, to);
      return result.status === 'succeeded' &&
        typeof result.toVal === 'number' &&
        Number.isFinite(result.toVal)
        ? result.toVal
        : null;
    } catch {
      return null; // a throw from the library is a unit it cannot convert
    }
  });
  factorCache.set(key, factor);
  return factor;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const silent = (): void => undefined;

/**
 * Runs UCUM with the console silenced: the library prints the unit string it was given ("Unit requested
 * for unit string …"), and a unit string comes from the record and can hold anything, patient data
 * included. It would land on the CLI's stdout (in the middle of the NDJSON), in the CDS service log and
 * in the browser console. The swap is synchronous and restored in `finally`, so nothing else can run in
 * between (each worker thread and the browser have a console of their own).
 */
function withoutLibraryLogging<T>(run: () => T): T {
  const libraryConsole: Console = console; // replaced, not written to
  const saved = CONSOLE_METHODS.map((method) => libraryConsole[method]);
  for (const method of CONSOLE_METHODS) libraryConsole[method] = silent;
  try {
    return run();
  } finally {
    CONSOLE_METHODS.forEach((method, index) => {
      const original = saved[index];
      if (original !== undefined) libraryConsole[method] = original;
    });
  }
}

/**
 * Converts a value of `analyte` from `unit` to the canonical unit. Returns undefined when the unit
 * is missing (except for dimensionless INR) or cannot be converted: the caller records a data-quality note.
 */
export function toCanonical(analyte: AnalyteId, value: number, unit: string | undefined): number | undefined {
  const key = `${analyte}|${unit ?? ''}`;
  let factor = toCanonicalFactor.get(key);
  if (factor === undefined) {
    factor = canonicalFactor(analyte, unit);
    toCanonicalFactor.set(key, factor);
  }
  if (factor === null) return undefined;
  return factor === 1 ? value : clean(value * factor);
}

/** Factor per analyte and unit as written: a run sees few distinct unit strings. */
const toCanonicalFactor = new Map<string, number | null>();

function canonicalFactor(analyte: AnalyteId, unit: string | undefined): number | null {
  const target = CANONICAL_UNIT[analyte];
  if (analyte === 'inr') return DIMENSIONLESS.has((unit ?? '').trim().toLowerCase()) ? 1 : null;
  if (unit === undefined || unit.trim() === '') return null;
  if (analyte === 'tgn6' || analyte === 'mmp6') return isMetaboliteUnit(unit) ? 1 : null;
  const from = canonicalSpelling(unit);
  if (from === target) return 1;
  return ucumFactor(from, target);
}
