// @vitest-environment jsdom
import { cleanup, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import TrendChart from '../../../src/app/chart/TrendChart.js';
import { TrendsSection } from '../../../src/app/chart/TrendsSection.js';
import { LabTable } from '../../../src/app/chart/LabTable.js';
import { chartValues, insufficientResponse } from '../../fixtures/app/assessment.js';

// Lazy chunks (chart) and async writes can take a while on a busy test machine.
configure({ asyncUtilTimeout: 10_000 });
afterEach(cleanup);

describe('trend chart', () => {
  it('gives every result a focusable point named with date, ×ULN, raw value, unit, ULN and its source', async () => {
    render(<TrendChart assessment={insufficientResponse()} values={chartValues} />);
    const alt = screen.getByRole('list', { name: 'ALT results' });
    const points = within(alt).getAllByRole('listitem');
    expect(points).toHaveLength(3);
    expect(points[2]?.getAttribute('aria-label')).toBe(
      "ALT 2025-08-01: 2.3×ULN, 92 U/L, ULN 40 U/L (lab's reference range)",
    );
    const igg = within(screen.getByRole('list', { name: 'IgG results' })).getByRole('listitem');
    expect(igg.getAttribute('aria-label')).toContain('default ULN (lab gave none)');
    // Default-ULN results are drawn hollow.
    expect(igg.querySelector('path')?.getAttribute('fill')).toContain('--chart-background');
  });

  it('shows the tooltip on keyboard focus and hides it on Escape', async () => {
    const user = userEvent.setup();
    render(<TrendChart assessment={insufficientResponse()} values={chartValues} />);
    await user.tab(); // the zoom toggle (an early ALT at 10×ULN)
    await user.tab();
    const tooltip = screen.getByRole('tooltip');
    expect(tooltip?.textContent).toContain('ALT 2025-01-10: 10.0×ULN, 400 U/L');
    expect(document.activeElement?.getAttribute('aria-describedby')).toBe(tooltip.id);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('shows the tooltip on hover', async () => {
    const user = userEvent.setup();
    render(<TrendChart assessment={insufficientResponse()} values={chartValues} />);
    const ast = within(screen.getByRole('list', { name: 'AST results' })).getByRole('listitem');
    await user.hover(ast);
    expect(screen.getByRole('tooltip')?.textContent).toContain('AST 2025-08-01: 2.0×ULN, 70 U/L');
  });

  it('labels treatment periods per ingredient, the ULN levels and the 6-month window', () => {
    const { container } = render(<TrendChart assessment={insufficientResponse()} values={chartValues} />);
    const lanes = screen.getByRole('list', { name: 'Treatment periods' });
    expect(
      within(lanes).getByRole('listitem', { name: 'Azathioprine (first line): 2025-01-29 to ongoing' }),
    ).toBeTruthy();
    expect(container.textContent).toContain('1×ULN');
    expect(container.textContent).toContain('1.5×');
    expect(container.textContent).toContain('2×');
    expect(container.textContent).toContain('6 months from start of current regimen');
  });

  it('zooms to 0–3×ULN with a toggle that reports its state; higher results stay at the top edge', async () => {
    const user = userEvent.setup();
    const { container } = render(<TrendChart assessment={insufficientResponse()} values={chartValues} />);
    const zoom = screen.getByRole('button', { name: 'Zoom to 0–3×ULN' });
    expect(zoom.getAttribute('aria-pressed')).toBe('false');
    await user.click(zoom);
    expect(zoom.getAttribute('aria-pressed')).toBe('true');
    expect(container.textContent).toContain('Zoomed to 0–3×ULN');
    // The 10×ULN ALT keeps its full sentence and is drawn as an upward triangle at the top.
    const early = within(screen.getByRole('list', { name: 'ALT results' })).getAllByRole('listitem')[0]!;
    expect(early.getAttribute('aria-label')).toContain('10.0×ULN');
    expect(early.querySelector('path')?.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+L/);
    expect(early.querySelector('circle')).toBeNull();
    expect(container.querySelector('.y-axis')?.textContent).toContain('3×');
    expect(container.querySelector('.y-axis')?.textContent).not.toContain('10×');
  });

  it('ends the time axis at the as-of date, marked', () => {
    const { container } = render(<TrendChart assessment={insufficientResponse()} values={chartValues} />);
    expect(container.querySelector('.as-of')?.textContent).toBe('As of 2025-08-15');
  });

  it('says lab results could not be read, not that there are none, when the read failed', () => {
    render(<TrendChart assessment={insufficientResponse()} values={[]} labsUnreadable />);
    expect(screen.getByText(/could not be read/)).toBeTruthy();
    expect(screen.queryByText(/^No ALT/)).toBeNull();
  });

  it('says so when there is nothing to chart', () => {
    render(<TrendChart assessment={insufficientResponse()} values={[]} />);
    expect(screen.getByText(/No ALT, AST or IgG results/)).toBeTruthy();
  });
});

describe('lab table and view switch', () => {
  it('lists the same values newest first with ULN source and use', () => {
    render(<LabTable values={chartValues} />);
    const table = screen.getByRole('table', { name: 'ALT, AST and IgG results, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(chartValues.length);
    expect(within(rows[rows.length - 1]!).getByRole('rowheader')?.textContent).toContain('ALT');
    expect(rows[rows.length - 1]?.textContent).toContain('2025-01-10');
    expect(table?.textContent).toContain('default ULN (lab gave none)');
  });

  it('switches between chart and table with buttons that report their state', async () => {
    const user = userEvent.setup();
    render(<TrendsSection assessment={insufficientResponse()} values={chartValues} />);
    const tableButton = screen.getByRole('button', { name: 'Table' });
    expect(tableButton?.getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByRole('table')).toBeNull(); // hidden views are out of the accessibility tree
    await user.click(tableButton);
    expect(tableButton?.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('table')).toBeTruthy();
    expect(await screen.findByRole('list', { name: 'ALT results', hidden: true })).toBeTruthy();
  });
});
