// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  aihCondition,
  azathioprineRequest,
  capabilityStatement,
  epicNoResultsOutcome,
  observations,
  PATIENT_ID,
  prednisoloneRequest,
} from '../../fixtures/app/aih-patient.js';
import { mockEhr, renderApp, searchset, server, sessionFor } from './harness.js';

const BASE = 'https://fhir.epic.test/api/FHIR/R4';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

describe('Epic-shaped EHR: load → assess → render', () => {
  it('classifies an insufficient response and shows card, chart, banner and diagnostics', async () => {
    const { ehr } = mockEhr(BASE, capabilityStatement(['DocumentReference'], 'Epic'));
    ehr
      .on('Observation:code', { body: searchset(observations) })
      .on('Observation:category', { body: searchset(observations) })
      .on('MedicationRequest', { body: searchset([prednisoloneRequest, azathioprineRequest]) })
      .on('MedicationStatement', {
        status: 400,
        body: {
          resourceType: 'OperationOutcome',
          issue: [
            { severity: 'error', code: 'not-supported', diagnostics: 'The resource type is not supported.' },
          ],
        },
      })
      .on('Condition', { body: searchset([aihCondition]) })
      .on('AllergyIntolerance', { body: searchset([], { outcomes: [epicNoResultsOutcome] }) });
    renderApp(sessionFor(BASE, { ehr: 'epic' }));

    expect(
      await screen.findByRole('heading', { name: 'Insufficient response' }, { timeout: 10_000 }),
    ).toBeTruthy();
    const card = screen.getByRole('article');
    expect(card.textContent).toMatch(/ALT 2\.5×ULN/);
    // MedicationStatement unsupported at Epic is normal: no "incomplete" warning.
    expect(screen.queryByText('Assessment may be incomplete')).toBeNull();

    const banner = screen.getByRole('region', { name: 'Patient' });
    expect(banner.textContent).toContain('Testpatient, Ada');
    expect(banner.textContent).toContain('MRN-7781');

    const alt = await screen.findByRole('list', { name: 'ALT results' }, { timeout: 10_000 });
    expect(within(alt).getAllByRole('listitem')).toHaveLength(4);
    const igg = within(screen.getByRole('list', { name: 'IgG results' })).getByRole('listitem');
    expect(igg.getAttribute('aria-label')).toContain('default ULN');
    const lanes = screen.getByRole('list', { name: 'Treatment periods' });
    expect(
      within(lanes)
        .getAllByRole('listitem')
        .map((band) => band.getAttribute('aria-label')),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Prednisolone/),
        expect.stringMatching(/^Azathioprine/),
      ]),
    );

    const diagnostics = screen.getByText(/Diagnostics: \d+ FHIR requests/).closest('details')!;
    expect(diagnostics.textContent).toContain('MedicationStatement');
    expect(diagnostics.textContent).not.toContain(PATIENT_ID);
    // Every search carried the token and asked Epic for every medication status.
    expect(ehr.authorizations.every((header) => header === 'Bearer test-access-token')).toBe(true);
    expect(ehr.requestsTo('MedicationRequest')[0]?.searchParams.get('status')).toContain('stopped');
  });
});
