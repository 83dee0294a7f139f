/** The chart's data as a table: the accessible, printable and copyable view of the same values. */
import type { NormalisedValue } from '../../core/types.js';
import { ANALYTE_LABEL, formatDate, formatXUln, ULN_SOURCE_LABEL } from '../labels.js';
import { labUnitView } from '../unit-text.js';
import { trendValues } from './chart-model.js';

interface Props {
  values: readonly NormalisedValue[];
  /** Lab results could not be read: an empty table would wrongly say there are none. */
  labsUnreadable?: boolean;
}

export function LabTable({ values, labsUnreadable = false }: Props) {
  const rows = trendValues(values).reverse();
  if (rows.length === 0) {
    return (
      <p className="empty">
        {labsUnreadable
          ? 'Lab results could not be read from the EHR, so ALT, AST and IgG cannot be shown.'
          : 'No ALT, AST or IgG results were found in the record.'}
      </p>
    );
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
          {rows.map((value) => {
            const shown = labUnitView(value);
            return (
              <tr
                key={`${value.ref}-${value.analyte}`}
                className={value.ulnSource === 'default' ? 'default-uln' : undefined}
              >
                <td>{formatDate(value.date)}</td>
                <th scope="row">{ANALYTE_LABEL[value.analyte]}</th>
                <td title={shown.conversion}>{shown.result}</td>
                <td>{formatXUln(value.xUln)}</td>
                <td title={shown.conversion}>{shown.uln ?? '—'}</td>
                <td>{value.ulnSource ? ULN_SOURCE_LABEL[value.ulnSource] : '—'}</td>
                <td>{value.usable ? 'Yes' : 'No (not final)'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
