/** One sentence per lab value, shared by the chart's tooltip and the table, so both say the same. */
import type { NormalisedValue } from '../../core/types.js';
import { ANALYTE_LABEL, formatDate, formatXUln, ULN_SOURCE_LABEL } from '../labels.js';
import { labUnitView } from '../unit-text.js';

/** The result as the lab reported it, in the lab's unit. */
export function rawResultText(value: NormalisedValue): string {
  return labUnitView(value).result;
}

/** The ULN in the same unit as the result, with where it came from. */
export function ulnText(value: NormalisedValue): string {
  const { uln } = labUnitView(value);
  if (uln === undefined) return 'no ULN';
  const source = value.ulnSource ? ` (${ULN_SOURCE_LABEL[value.ulnSource]})` : '';
  return `ULN ${uln}${source}`;
}

export function describeValue(value: NormalisedValue): string {
  const status = value.usable ? '' : ', not used for the assessment (not a final result)';
  const { conversion } = labUnitView(value);
  const converted = conversion ? ` (${conversion})` : '';
  return `${ANALYTE_LABEL[value.analyte]} ${formatDate(value.date)}: ${formatXUln(value.xUln)}, ${rawResultText(value)}, ${ulnText(value)}${converted}${status}`;
}
