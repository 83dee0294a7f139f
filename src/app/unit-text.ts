/**
 * Units as people write them. The core keeps UCUM codes (`10*9/L`, `{INR}`, `umol/L`); the screen shows
 * `×10⁹/L`, nothing, `µmol/L`. Values are shown in the lab's own unit with the ULN in that same unit,
 * and the conversion to the unit the rules compute in is given as a tooltip.
 */
import type { NormalisedValue } from '../core/types.js';
import { formatNumber } from '../core/card/format.js';

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};
const superscript = (digits: string): string => [...digits].map((c) => SUPERSCRIPT[c] ?? c).join('');

/** Whole codes whose annotation carries the meaning and reads badly when spelled out. */
const WHOLE: Record<string, string> = {
  '{INR}': '',
  '{ratio}': '',
  '1': '',
  'mL/min/{1.73_m2}': 'mL/min/1.73 m²',
  'mL/min/1.73.m2': 'mL/min/1.73 m²',
  'pmol/{8.10*8.RBC}': 'pmol/8×10⁸ RBC',
  '[lb_av]': 'lb',
  '[oz_av]': 'oz',
};

export function unitForPeople(unit: string | undefined): string {
  if (unit === undefined) return '';
  const whole = WHOLE[unit];
  if (whole !== undefined) return whole;
  return (
    unit
      // 10*9/L → ×10⁹/L; 10^9 as some labs write it too.
      .replace(
        /(^|[^0-9])10[*^](-?\d+)/g,
        (_, before: string, exponent: string) =>
          `${before}${before === '' || before === '/' ? '×' : ''}10${superscript(exponent)}`,
      )
      // The UCUM micro prefix: umol, ug, uL, ukat, uU, uIU.
      .replace(/(^|[^A-Za-z])u(?=(mol|g|L|l|kat|U|IU|\[IU\])\b)/g, '$1µ')
      .replace(/\[(IU|iU)\]/g, 'IU')
      .replace(/\{([^}]*)\}/g, (_, note: string) => note.replace(/_/g, ' '))
      .replace(/\.(?=[A-Za-z])/g, '·')
      .trim()
  );
}

/** A number and its unit, without a dangling space when the unit is a bare ratio ({INR}). */
export function withUnit(value: string, unit: string | undefined): string {
  const shown = unitForPeople(unit);
  return shown ? `${value} ${shown}` : value;
}

export interface LabUnitView {
  /** The result as the lab reported it (comparator, value, unit). */
  result: string;
  /** The ULN in the lab's unit, or undefined without a ULN. */
  uln?: string;
  /** "= 92 U/L; ULN 40 U/L" in the unit the rules compute in, when the lab's unit is another. */
  conversion?: string;
}

function sameUnit(value: NormalisedValue): boolean {
  return value.rawUnit === undefined || value.rawUnit === value.unit;
}

/**
 * Value and ULN in the lab's unit. The ULN is held in the rules' unit; its factor back to the lab's
 * unit is the result's own (rawValue / value: every unit here converts by a factor). When that factor
 * cannot be had (a zero result), both are shown in the rules' unit instead: never two units side by side.
 */
export function labUnitView(value: NormalisedValue): LabUnitView {
  const comparator = value.comparator ?? '';
  const canonical = {
    result: `${comparator}${withUnit(formatNumber(value.value), value.unit)}`,
    ...(value.uln !== undefined ? { uln: withUnit(formatNumber(value.uln), value.unit) } : {}),
  };
  if (sameUnit(value)) {
    return {
      result: `${comparator}${withUnit(formatNumber(value.rawValue), value.rawUnit ?? value.unit)}`,
      ...(canonical.uln ? { uln: canonical.uln } : {}),
    };
  }
  const conversion = `= ${canonical.result}${canonical.uln ? `; ULN ${canonical.uln}` : ''}`;
  if (value.value === 0 || value.rawValue === 0) return { ...canonical };
  const factor = value.rawValue / value.value;
  return {
    result: `${comparator}${withUnit(formatNumber(value.rawValue), value.rawUnit)}`,
    ...(value.uln !== undefined ? { uln: withUnit(formatNumber(value.uln * factor), value.rawUnit) } : {}),
    conversion,
  };
}
