/** Current and past AIH medications with dose, mg/kg/day for azathioprine, start, stop and stop reason. */
import { AZA_TARGET_MG_PER_KG } from '../../core/dose-per-kg.js';
import { formatDate, formatNumber, ingredientLabel } from '../labels.js';
import { withUnit } from '../unit-text.js';
import type { MedicationRow, MedicationTableModel } from './medication-rows.js';

function perKgText(row: MedicationRow, model: MedicationTableModel): string {
  if (row.ingredient !== 'azathioprine') return '—';
  if (row.mgPerKgPerDay !== undefined) {
    const side = row.belowTarget ? 'below' : 'at or above';
    return `${row.mgPerKgPerDay.toFixed(2)} mg/kg/day (${side} ${AZA_TARGET_MG_PER_KG})`;
  }
  if (row.dailyDoseMg === undefined) return 'Not known: daily dose not recorded';
  if (!model.weight) return 'Not known: no weight in the last 12 months';
  return '—';
}

function WeightLine({ model }: { model: MedicationTableModel }) {
  if (!model.hasAzathioprine) return null;
  const { weight } = model;
  return (
    <p className="weight-line">
      {weight
        ? `mg/kg/day uses the weight ${withUnit(formatNumber(weight.rawValue), weight.rawUnit ?? weight.unit)} of ${formatDate(weight.date)}${weight.rawUnit && weight.rawUnit !== weight.unit ? ` (${withUnit(formatNumber(weight.value), weight.unit)})` : ''}.`
        : 'No body weight in the last 12 months: mg/kg/day cannot be given.'}
    </p>
  );
}

interface Props {
  model: MedicationTableModel;
  unreadable: boolean;
}

export function MedicationTable({ model, unreadable }: Props) {
  if (model.rows.length === 0) {
    return (
      <p className="empty">
        {unreadable
          ? 'Medications could not be read from the EHR, so none can be listed.'
          : 'No AIH medications were found in the record.'}
      </p>
    );
  }
  return (
    <>
      <div className="table-scroll">
        <table className="medication-table">
          <caption>AIH medications, current first</caption>
          <thead>
            <tr>
              <th scope="col">Medication</th>
              <th scope="col">Daily dose</th>
              <th scope="col">Dose as written</th>
              <th scope="col">mg/kg/day</th>
              <th scope="col">Start</th>
              <th scope="col">Stop</th>
              <th scope="col">Stop reason</th>
            </tr>
          </thead>
          <tbody>
            {model.rows.map((row) => (
              <tr key={row.ref} className={row.current ? 'current' : undefined}>
                <th scope="row">
                  {ingredientLabel(row.ingredient)}
                  <span className="row-status">{row.current ? ' (current)' : ` (${row.status})`}</span>
                </th>
                <td>
                  {row.dailyDoseMg !== undefined ? `${formatNumber(row.dailyDoseMg)} mg/day` : 'Not known'}
                </td>
                <td className="wrap">{row.doseText ?? '—'}</td>
                <td className={row.belowTarget ? 'below-target' : undefined}>{perKgText(row, model)}</td>
                <td>{row.start ?? 'Not recorded'}</td>
                <td>
                  {row.current
                    ? 'Ongoing'
                    : row.stop
                      ? `${row.stop}${row.stopIsLastKnown ? ' (last recorded)' : ''}`
                      : 'Not recorded'}
                </td>
                <td className="wrap">{row.stopReason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <WeightLine model={model} />
    </>
  );
}
