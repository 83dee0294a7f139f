// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  aihCondition,
  azathioprineRequest,
  capabilityStatement,
  observations,
  prednisoloneStatement,
} from '../../fixtures/app/aih-patient.js';
import { mockEhr, renderApp, searchset, server, sessionFor } from './harness.js';

const BASE = 'https://fhir-ehr.cerner.test/r4/ec2458f2';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

describe('Oracle-shaped EHR: paged labs, steroid as MedicationStatement', () => {
  it('follows every page and renders the same assessment, with the values in the table view', async () => {
    const user = userEvent.setup();
    const { ehr } = mockEhr(BASE, capabilityStatement(['DocumentReference'], 'Oracle Health Millennium'));
    ehr
      .paged('Observation:category', observations, 2)
      .on('Observation:code', { body: searchset([]) })
      .on('MedicationRequest', { body: searchset([azathioprineRequest]) })
      .on('MedicationStatement', { body: searchset([prednisoloneStatement]) })
      .on('Condition', { body: searchset([aihCondition]) })
      .on('AllergyIntolerance', { body: searchset([]) });
    renderApp(sessionFor(BASE, { ehr: 'oracle', needPatientBanner: false }));

    expect(
      await screen.findByRole('heading', { name: 'Insufficient response' }, { timeout: 10_000 }),
    ).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Patient' })).toBeNull();
    expect(ehr.requests.filter((url) => url.pathname.endsWith('/_page'))).toHaveLength(2);
    expect(ehr.requestsTo('Observation:category')[0]?.searchParams.get('_count')).toBe('200');

    await user.click(screen.getByRole('button', { name: 'Table' }));
    const table = screen.getByRole('table', { name: 'ALT, AST and IgG results, newest first' });
    expect(within(table).getAllByRole('row')).toHaveLength(observations.length + 1);

    const diagnostics = screen.getByText(/Diagnostics/).closest('details')!;
    const categoryRow = within(diagnostics)
      .getAllByRole('row')
      .find((row) => row.textContent?.includes('category=laboratory'));
    expect(
      within(categoryRow!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(expect.arrayContaining(['200', '3', String(observations.length)]));
  });
});
