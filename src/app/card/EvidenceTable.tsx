/** The deciding observations: what the classification was made of, with each ULN and where it came from. */
import type { EvidenceItem, NormalisedValue } from '../../core/types.js';
import { ANALYTE_LABEL, formatDate, formatXUln, ULN_SOURCE_LABEL } from '../labels.js';
import { labUnitView, type LabUnitView } from '../unit-text.js';

const ROLE_LABEL: Record<string, string> = {
  baseline: 'Baseline',
  latest: 'Latest',
  'week-4': 'Week 4',
  'cbr-panel': 'Normal panel',
  'loss-event': 'Loss of response',
  'tailor-alt': 'ALT ≥ 1.5×ULN run',
  'latest-above-uln': 'Latest, above ULN',
  'egfr-below-60': 'eGFR (safety)',
  decompensated: 'INR (safety)',
  leukopenia: 'WBC (safety)',
};

/**
 * The evidence item in the lab's unit: its normalised value (same observation and analyte) carries the
 * reported value and unit; without it the item is shown in the unit the rules computed in.
 */
function shownValue(item: EvidenceItem, values: readonly NormalisedValue[]): LabUnitView {
  const value = values.find((v) => v.ref === item.resource && v.analyte === item.analyte);
  if (value) return labUnitView(value);
  return labUnitView({
    ref: item.resource,
    analyte: item.analyte,
    date: item.date,
    value: item.value,
    unit: item.unit,
    rawValue: item.value,
    ...(item.uln !== undefined ? { uln: item.uln } : {}),
    usable: true,
  });
}

interface Props {
  evidence: readonly EvidenceItem[];
  values?: readonly NormalisedValue[];
}

export function EvidenceTable({ evidence, values = [] }: Props) {
  if (evidence.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="evidence-table">
        <caption>Deciding observations</caption>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Test</th>
            <th scope="col">Date</th>
            <th scope="col">Result</th>
            <th scope="col">×ULN</th>
            <th scope="col">ULN (source)</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((item) => {
            const shown = shownValue(item, values);
            return (
              <tr key={`${item.resource}-${item.role}-${item.analyte}`}>
                <td>{ROLE_LABEL[item.role] ?? item.role}</td>
                <th scope="row">{ANALYTE_LABEL[item.analyte]}</th>
                <td>{formatDate(item.date)}</td>
                <td title={shown.conversion}>{shown.result}</td>
                <td>{formatXUln(item.xUln)}</td>
                <td title={shown.conversion}>
                  {shown.uln ?? '—'}
                  {item.ulnSource ? ` (${ULN_SOURCE_LABEL[item.ulnSource]})` : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
