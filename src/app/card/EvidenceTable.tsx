/** The deciding observations: what the classification was made of, with each ULN and where it came from. */
import type { EvidenceItem } from '../../core/types.js';
import { ANALYTE_LABEL, formatDate, formatNumber, formatXUln, ULN_SOURCE_LABEL } from '../labels.js';

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

export function EvidenceTable({ evidence }: { evidence: readonly EvidenceItem[] }) {
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
          {evidence.map((item) => (
            <tr key={`${item.resource}-${item.role}-${item.analyte}`}>
              <td>{ROLE_LABEL[item.role] ?? item.role}</td>
              <th scope="row">{ANALYTE_LABEL[item.analyte]}</th>
              <td>{formatDate(item.date)}</td>
              <td>{`${formatNumber(item.value)} ${item.unit}`}</td>
              <td>{formatXUln(item.xUln)}</td>
              <td>
                {item.uln === undefined ? '—' : `${formatNumber(item.uln)} ${item.unit}`}
                {item.ulnSource ? ` (${ULN_SOURCE_LABEL[item.ulnSource]})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
