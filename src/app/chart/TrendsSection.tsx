/** Trend chart or table of the same values; the chart (and its library) loads only when first shown. */
import { lazy, Suspense, useState } from 'react';
import type { Assessment, LoadGap, NormalisedValue } from '../../core/types.js';
import { unreadable } from '../gap-words.js';
import { LabTable } from './LabTable.js';

const TrendChart = lazy(() => import('./TrendChart.js'));

export function TrendsSection({
  assessment,
  values,
  gaps = [],
}: {
  assessment: Assessment;
  values: readonly NormalisedValue[];
  gaps?: readonly LoadGap[];
}) {
  const labsUnreadable = unreadable(gaps, 'Observation');
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <section className="trends" aria-labelledby="trends-heading">
      <div className="section-head">
        <h3 id="trends-heading">ALT, AST and IgG over time</h3>
        <div className="view-switch" role="group" aria-label="Show as">
          <button type="button" aria-pressed={view === 'chart'} onClick={() => setView('chart')}>
            Chart
          </button>
          <button type="button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
            Table
          </button>
        </div>
      </div>
      {/* The hidden view still prints: paper gets both chart and numbers. */}
      <div className="chart-view" hidden={view !== 'chart'}>
        <Suspense fallback={<p role="status">Drawing the chart…</p>}>
          <TrendChart assessment={assessment} values={values} labsUnreadable={labsUnreadable} />
        </Suspense>
      </div>
      <div className="table-view" hidden={view !== 'table'}>
        <LabTable values={values} labsUnreadable={labsUnreadable} />
      </div>
    </section>
  );
}
