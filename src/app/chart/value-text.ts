/** One sentence per lab value, shared by the chart's tooltip and the table, so both say the same. */
import type { NormalisedValue } from '../../core/types.js';
import { ANALYTE_LABEL, formatDate, formatNumber, formatXUln, ULN_SOURCE_LABEL } from '../labels.js';

export function rawResultText(value: NormalisedValue): string {
  const comparator = value.comparator ?? '';
  const unit = value.rawUnit ?? value.unit;
  return `${comparator}${formatNumber(value.rawValue)} ${unit}`.trim();
}

export function ulnText(value: NormalisedValue): string {
  if (value.uln === undefined) return 'no ULN';
  const source = value.ulnSource ? ` (${ULN_SOURCE_LABEL[value.ulnSource]})` : '';
  return `ULN ${formatNumber(value.uln)} ${value.unit}${source}`;
}

export function describeValue(value: NormalisedValue): string {
  const status = value.usable ? '' : ', not used for the assessment (not a final result)';
  return `${ANALYTE_LABEL[value.analyte]} ${formatDate(value.date)}: ${formatXUln(value.xUln)}, ${rawResultText(value)}, ${ulnText(value)}${status}`;
}
