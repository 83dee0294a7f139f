// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DriversSection } from '../../../src/app/drivers/DriversSection.js';
import type { MedicationExposure, NormalisedValue } from '../../../src/core/types.js';

afterEach(cleanup);

const AS_OF = '2026-06-01';

function exposure(
  overrides: Partial<MedicationExposure> & Pick<MedicationExposure, 'ingredient'>,
): MedicationExposure {
  return {
    ref: `MedicationRequest/${overrides.ingredient}-${overrides.start ?? 'x'}`,
    source: 'MedicationRequest',
    matchedBy: 'rxnorm',
    status: 'active',
    ...overrides,
  };
}

function result(
  analyte: NormalisedValue['analyte'],
  date: string,
  value: number,
  unit: string,
): NormalisedValue {
  return {
    ref: `Observation/${analyte}-${date}`,
    analyte,
    date,
    value,
    unit,
    rawValue: value,
    rawUnit: unit,
    usable: true,
  };
}

const medications: MedicationExposure[] = [
  exposure({
    ingredient: 'azathioprine',
    start: '2025-09-01',
    dailyDoseMg: 100,
    doseText: 'azathioprine 50 mg tablet, take 2 daily',
  }),
  exposure({ ingredient: 'prednisolone', start: '2025-09-01', dailyDoseMg: 10, doseText: '10 mg daily' }),
  exposure({
    ingredient: 'mercaptopurine',
    start: '2024-01-01',
    end: '2024-06-01',
    status: 'stopped',
    statusReason: { codes: [], text: 'Pancreatitis' },
  }),
  exposure({ ingredient: 'tacrolimus', start: '2026-01-01', status: 'entered-in-error' }),
];

const values = [
  result('weight', '2026-04-01', 70, 'kg'),
  result('mmp6', '2026-05-01', 6200, 'pmol/{8.10*8.RBC}'),
  result('tgn6', '2026-05-01', 180, 'pmol/{8.10*8.RBC}'),
  result('wbc', '2026-05-20', 4.1, '10*9/L'),
  result('inr', '2026-05-20', 1.1, '{INR}'),
];

describe('medications and results behind the suggestion', () => {
  it('lists current then past AIH medications with dose, dose text, mg/kg/day, start, stop and stop reason', () => {
    render(<DriversSection medications={medications} values={values} gaps={[]} asOf={AS_OF} />);
    const table = screen.getByRole('table', { name: 'AIH medications, current first' });
    const rows = within(table).getAllByRole('row').slice(1);
    // Entered-in-error is not an exposure and is not listed.
    expect(rows).toHaveLength(3);
    expect(rows[2]?.textContent).toContain('Mercaptopurine');
    const aza = rows.find((row) => row.textContent?.includes('Azathioprine'))!;
    expect(aza.textContent).toContain('(current)');
    expect(aza.textContent).toContain('100 mg/day');
    expect(aza.textContent).toContain('azathioprine 50 mg tablet, take 2 daily');
    expect(aza.textContent).toContain('1.43 mg/kg/day (below 2)');
    expect(aza.textContent).toContain('Ongoing');
    expect(rows[2]?.textContent).toContain('2024-06-01');
    expect(rows[2]?.textContent).toContain('Pancreatitis');
    expect(screen.getByText(/uses the weight 70 kg of 2026-04-01/)).toBeTruthy();
  });

  it('says at or above 2 mg/kg/day on the threshold, and why mg/kg/day is unknown without a weight', () => {
    const at = [exposure({ ingredient: 'azathioprine', start: '2025-09-01', dailyDoseMg: 140 })];
    const { unmount } = render(<DriversSection medications={at} values={values} gaps={[]} asOf={AS_OF} />);
    expect(screen.getByRole('table', { name: /AIH medications/ }).textContent).toContain(
      '2.00 mg/kg/day (at or above 2)',
    );
    unmount();
    render(<DriversSection medications={at} values={[]} gaps={[]} asOf={AS_OF} />);
    expect(screen.getByRole('table', { name: /AIH medications/ }).textContent).toContain(
      'Not known: no weight in the last 12 months',
    );
  });

  it('shows the latest metabolites and safety results with dates, read against the rule limits', () => {
    render(<DriversSection medications={medications} values={values} gaps={[]} asOf={AS_OF} />);
    const table = screen.getByRole('table', { name: 'Latest metabolites and safety results' });
    const row = (name: string) => within(table).getByRole('rowheader', { name }).closest('tr')!;
    expect(row('6-MMP').textContent).toContain('6200 pmol/8×10⁸ RBC');
    expect(row('6-MMP').textContent).toContain('2026-05-01');
    expect(row('6-MMP').textContent).toContain('Raised (> 5700');
    expect(row('6-TGN').textContent).toContain('Below therapeutic (< 220');
    expect(row('WBC').textContent).toContain('4.1 ×10⁹/L');
    expect(row('WBC').textContent).toContain('Not low');
    expect(row('INR').textContent).toMatch(/1\.1(?! \{)/);
    expect(row('eGFR').textContent).toContain('None on record');
  });

  it('says "could not be read" rather than "none" when the read failed', () => {
    render(
      <DriversSection
        medications={[]}
        values={[]}
        gaps={[
          { resourceType: 'Observation', reason: 'x' },
          { resourceType: 'MedicationRequest', reason: 'x' },
        ]}
        asOf={AS_OF}
      />,
    );
    expect(screen.getByText(/Medications could not be read/)).toBeTruthy();
    expect(screen.queryByText(/No AIH medications/)).toBeNull();
    const table = screen.getByRole('table', { name: 'Latest metabolites and safety results' });
    expect(within(table).getAllByText('Could not be read')).toHaveLength(6);
    expect(table.textContent).not.toContain('None on record');
  });
});
