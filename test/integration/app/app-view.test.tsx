// @vitest-environment jsdom
/**
 * The clinician's view over the real loader, mapper and core: the medications and results behind the
 * suggestion, and honest gaps (a failed read is said once, in clinical words, never as "no results").
 */
import { cleanup, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  aihCondition,
  azathioprineRequest,
  capabilityStatement,
  observations,
  prednisoloneRequest,
} from '../../fixtures/app/aih-patient.js';
import { mockEhr, renderApp, searchset, server, sessionFor } from './harness.js';

const BASE = 'https://fhir.view.test/R4';
const subject = { reference: 'Patient/pat-ada' };

/** A structured 100 mg once-daily order: the daily dose the core reads without parsing text. */
const dosedAzathioprine = {
  ...azathioprineRequest,
  dosageInstruction: [
    {
      text: 'azathioprine 50 mg tablet, take 2 once daily',
      timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
      doseAndRate: [
        { doseQuantity: { value: 100, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
      ],
    },
  ],
};

function observation(id: string, code: object, date: string, value: number, unit: string) {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code,
    subject,
    effectiveDateTime: `${date}T08:00:00Z`,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  };
}

const weight = observation(
  'weight-1',
  { coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }] },
  '2026-04-01',
  80,
  'kg',
);
const mmp6 = observation(
  'mmp-1',
  { text: '6-methylmercaptopurine' },
  '2026-05-02',
  6400,
  'pmol/{8.10*8.RBC}',
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

function healthy(ehr: ReturnType<typeof mockEhr>['ehr']) {
  ehr
    .on('Observation:code', { body: searchset([...observations, weight]) })
    .on('Observation:category', { body: searchset([mmp6]) })
    .on('MedicationRequest', { body: searchset([prednisoloneRequest, dosedAzathioprine]) })
    .on('MedicationStatement', { body: searchset([]) })
    .on('Condition', { body: searchset([aihCondition]) })
    .on('AllergyIntolerance', { body: searchset([]) });
}

/** The page as the clinician reads it: the diagnostics panel for site set-up left out. */
function clinicianText(): string {
  const main = document.querySelector('main')!.cloneNode(true) as HTMLElement;
  main.querySelector('.diagnostics')?.remove();
  return main.textContent ?? '';
}

describe("the clinician's view over a real load", () => {
  it('shows the medications with mg/kg/day and the metabolites behind the suggestion', async () => {
    const { ehr } = mockEhr(BASE, capabilityStatement([]));
    healthy(ehr);
    renderApp(sessionFor(BASE));
    const medications = await screen.findByRole(
      'table',
      { name: 'AIH medications, current first' },
      { timeout: 10_000 },
    );
    const aza = within(medications)
      .getByRole('rowheader', { name: /Azathioprine/ })
      .closest('tr')!;
    expect(aza.textContent).toContain('100 mg/day');
    expect(aza.textContent).toContain('1.25 mg/kg/day (below 2)');
    expect(screen.getByText(/uses the weight 80 kg of 2026-04-01/)).toBeTruthy();
    const results = screen.getByRole('table', { name: 'Latest metabolites and safety results' });
    const mmp = within(results).getByRole('rowheader', { name: '6-MMP' }).closest('tr')!;
    expect(mmp.textContent).toContain('6400 pmol/8×10⁸ RBC');
    expect(mmp.textContent).toContain('2026-05-02');
    expect(mmp.textContent).toContain('Raised');
    // The one line first: state, deciding value, next step.
    const glance = document.querySelector('.glance')!;
    expect(glance.textContent).toMatch(/^Warning\s*Insufficient response.*×ULN on \d{4}-\d{2}-\d{2}.*Next:/);
  });

  it('says lab results could not be read — once, in clinical words — when the lab searches fail', async () => {
    const { ehr } = mockEhr(BASE, capabilityStatement([]));
    healthy(ehr);
    ehr.on('Observation:code', { status: 500 }).on('Observation:category', { status: 500 });
    renderApp(sessionFor(BASE));
    const gaps = (await screen.findByText('Assessment may be incomplete', {}, { timeout: 10_000 })).closest(
      'section',
    )!;
    expect(within(gaps).getAllByRole('listitem')).toHaveLength(1);
    expect(gaps.textContent).toContain('Lab results could not be read');
    const text = clinicianText();
    expect(text).not.toMatch(/HTTP|\b500\b|patient\/Observation|Tline/);
    expect(text).not.toMatch(/No ALT, AST or IgG results were found|None on record/);
    expect(text).toContain('Lab results could not be read from the EHR');
    expect(text.match(/Lab results could not be read:/g)).toHaveLength(1);
  });

  it('says the patient\'s details could not be read, not "not recorded", when the Patient read fails', async () => {
    const { ehr } = mockEhr(BASE, capabilityStatement([]));
    healthy(ehr);
    ehr.on('Patient', { status: 500 });
    renderApp(sessionFor(BASE));
    await screen.findByRole('table', { name: 'AIH medications, current first' }, { timeout: 10_000 });
    const banner = screen.getByRole('region', { name: 'Patient' });
    expect(banner.textContent).toContain('could not be read');
    expect(banner.textContent).not.toContain('not recorded');
  });
});
