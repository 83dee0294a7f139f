/** The chart's data as a table: the accessible, printable and copyable view of the same values. */
import type { NormalisedValue } from '../../core/types.js';
import { ANALYTE_LABEL, formatDate, formatNumber, formatXUln, ULN_SOURCE_LABEL } from '../labels.js';
import { trendValues } from './chart-model.js';
import { rawResultText } from './value-text.js';

export function LabTable({ values }: { values: readonly NormalisedValue[] }) {
  const rows = trendValues(values).reverse();
  if (rows.length === 0) {
    return <p className="empty">No ALT, AST or IgG results were found in the record.</p>;
  }
  return (
    <div className="table-scroll">
      <table className="lab-table">
        <caption>ALT, AST and IgG results, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Test</th>
            <th scope="col">Result</th>
            <th scope="col">×ULN</th>
            <th scope="col">ULN</th>
            <th scope="col">ULN source</th>
            <th scope="col">Used</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((value) => (
            <tr
              key={`${value.ref}-${value.analyte}`}
              className={value.ulnSource === 'default' ? 'default-uln' : undefined}
            >
              <td>{formatDate(value.date)}</td>
              <th scope="row">{ANALYTE_LABEL[value.analyte]}</th>
              <td>{rawResultText(value)}</td>
              <td>{formatXUln(value.xUln)}</td>
              <td>{value.uln === undefined ? '—' : `${formatNumber(value.uln)} ${value.unit}`}</td>
              <td>{value.ulnSource ? ULN_SOURCE_LABEL[value.ulnSource] : '—'}</td>
              <td>{value.usable ? 'Yes' : 'No (not final)'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
