// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AssessmentCard } from '../../../src/app/card/AssessmentCard.js';
import { insufficientResponse } from '../../fixtures/app/assessment.js';

afterEach(cleanup);

describe('assessment card', () => {
  it('shows the state, summary and indicator as text (not colour only)', () => {
    render(<AssessmentCard assessment={insufficientResponse()} gaps={[]} />);
    const card = screen.getByRole('article', { name: 'Insufficient response' });
    expect(card.textContent).toContain('ALT 2.3×ULN on 2025-08-01');
    expect(card.textContent).toContain('Warning');
    expect(card.textContent).toContain('IAIHG-2022');
    expect(card.textContent).toContain('Relies on a default upper limit of normal');
  });

  it('lists the deciding observations with ULN and its source', () => {
    render(<AssessmentCard assessment={insufficientResponse()} gaps={[]} />);
    const table = screen.getByRole('table', { name: 'Deciding observations' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('Latest');
    expect(row.textContent).toContain('92 U/L');
    expect(row.textContent).toContain('2.3×ULN');
    expect(row.textContent).toContain("40 U/L (lab's reference range)");
  });

  it('shows every recommendation with grade and evidence, blocked ones with the blocking flag', () => {
    render(<AssessmentCard assessment={insufficientResponse()} gaps={[]} />);
    const suggested = screen.getByRole('listitem', { name: 'Consider tacrolimus' });
    expect(suggested.textContent).toContain('Efe-2017 group 2: 56.5% (26/46)');
    expect(suggested.textContent).toContain('EASL-2025 third-line option');
    expect(suggested.textContent).toContain('Caution: eGFR below 60');
    const blocked = screen.getByRole('listitem', { name: 'Not suggested: Mycophenolate after optimisation' });
    expect(blocked.textContent).toContain('Blocked by: Pregnancy');
    expect(blocked.textContent).toContain('LoE 2, weak, consensus');
  });

  it('lists safety flags and merged data-quality notes', () => {
    const note = {
      code: 'no-effective-date',
      resource: 'Observation/x',
      message: 'An ALT result has no date.',
    };
    render(<AssessmentCard assessment={insufficientResponse()} gaps={[]} extraNotes={[note, note]} />);
    const safety = screen.getByRole('region', { name: 'Safety' });
    expect(
      within(safety)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Pregnancy', 'eGFR below 60 mL/min/1.73 m²']);
    const notes = screen.getByRole('region', { name: /Data-quality notes/ });
    expect(within(notes).getAllByRole('listitem')).toHaveLength(2);
  });

  it('warns that the assessment may be incomplete when a resource type could not be loaded', () => {
    render(
      <AssessmentCard
        assessment={insufficientResponse()}
        gaps={[{ resourceType: 'Condition', reason: 'server error 500' }]}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Assessment may be incomplete');
    // In clinical words, once: the part of the record, not the FHIR type or the status code.
    expect(alert.textContent).toContain('Diagnoses could not be read');
    expect(alert.textContent).not.toMatch(/Condition|500/);
  });

  it('lists what is missing when the data are insufficient', () => {
    const assessment = insufficientResponse({
      response: 'insufficient-data',
      missing: ['IgG since 2025-06-14'],
      recommendations: [],
    });
    render(<AssessmentCard assessment={assessment} gaps={[]} />);
    expect(screen.getByRole('heading', { name: 'Insufficient data to assess' })).toBeTruthy();
    expect(screen.getByText('IgG since 2025-06-14')).toBeTruthy();
    expect(screen.getByText('No recommendation applies.')).toBeTruthy();
  });
});
