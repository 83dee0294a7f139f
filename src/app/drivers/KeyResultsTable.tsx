/**
 * The latest 6-MMP, 6-TGN, WBC, eGFR, INR and weight with dates, each read against the limit the rules
 * use, and whether it is recent enough for the rules to have used it.
 */
import type { KeyResult } from '../../core/key-results.js';
import { ANALYTE_LABEL, formatDate, formatNumber } from '../labels.js';
import { labUnitView, withUnit } from '../unit-text.js';

/** What crossing the limit means, where the clinic has a word for it. */
const CROSSING_WORDS: Partial<Record<KeyResult['analyte'], { yes: string; no: string }>> = {
  mmp6: { yes: 'Raised', no: 'Not raised' },
  tgn6: { yes: 'Therapeutic', no: 'Below therapeutic' },
  wbc: { yes: 'Low', no: 'Not low' },
  egfr: { yes: 'Reduced', no: 'Not reduced' },
  inr: { yes: 'Raised', no: 'Not raised' },
};

const TEST_SIGN = {
  above: { yes: '>', no: '≤' },
  'at-least': { yes: '≥', no: '<' },
  below: { yes: '<', no: '≥' },
} as const;

export function readingText(result: KeyResult): string {
  const { limit, latest } = result;
  if (!latest) return '—';
  if (!limit) return result.analyte === 'weight' && result.withinWindow ? 'Used for mg/kg/day' : '—';
  const limitText = withUnit(formatNumber(limit.limit), latest.unit);
  if (result.crosses === undefined) return `Cannot tell against ${limitText} (reported as a bound)`;
  const words = CROSSING_WORDS[result.analyte];
  const sign = TEST_SIGN[limit.test][result.crosses ? 'yes' : 'no'];
  const word = words ? (result.crosses ? words.yes : words.no) : '';
  return `${word} (${sign} ${limitText})`.trim();
}

function windowText(result: KeyResult): string | undefined {
  if (!result.latest || result.withinWindow) return undefined;
  return `Older than ${result.windowDays} days: not used by the rules`;
}

interface Props {
  results: readonly KeyResult[];
  unreadable: boolean;
}

export function KeyResultsTable({ results, unreadable }: Props) {
  return (
    <div className="table-scroll">
      <table className="key-results">
        <caption>Latest metabolites and safety results</caption>
        <thead>
          <tr>
            <th scope="col">Test</th>
            <th scope="col">Latest result</th>
            <th scope="col">Date</th>
            <th scope="col">Reading</th>
          </tr>
        </thead>
        <tbody>
          {results.map((result) => {
            const shown = result.latest ? labUnitView(result.latest) : undefined;
            const old = windowText(result);
            return (
              <tr key={result.analyte} className={old ? 'outside-window' : undefined}>
                <th scope="row">{ANALYTE_LABEL[result.analyte]}</th>
                <td title={shown?.conversion}>
                  {shown?.result ?? (unreadable ? 'Could not be read' : 'None on record')}
                </td>
                <td>{result.latest ? formatDate(result.latest.date) : '—'}</td>
                <td>
                  {readingText(result)}
                  {old ? <div className="note-resource">{old}</div> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
