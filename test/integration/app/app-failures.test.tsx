// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  aihCondition,
  azathioprineRequest,
  capabilityStatement,
  observations,
  prednisoloneRequest,
} from '../../fixtures/app/aih-patient.js';
import { mockEhr, renderApp, searchset, server, sessionFor } from './harness.js';

const BASE = 'https://fhir.epic.test/api/FHIR/R4';
const CLINICAL = [
  'Observation:code',
  'Observation:category',
  'MedicationRequest',
  'MedicationStatement',
  'Condition',
  'AllergyIntolerance',
  'Procedure',
];
const outcome = (code: string, text: string) => ({
  resourceType: 'OperationOutcome',
  issue: [
    {
      severity: 'error',
      code: 'forbidden',
      details: { coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.657369', code }], text },
    },
  ],
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

function answerAll(ehr: ReturnType<typeof mockEhr>['ehr'], answer: { status: number; body?: unknown }) {
  for (const route of CLINICAL) ehr.on(route, answer);
}

function healthy(ehr: ReturnType<typeof mockEhr>['ehr']) {
  ehr
    .on('Observation:code', { body: searchset(observations) })
    .on('Observation:category', { body: searchset([]) })
    .on('MedicationRequest', { body: searchset([prednisoloneRequest, azathioprineRequest]) })
    .on('MedicationStatement', { body: searchset([]) })
    .on('Condition', { body: searchset([aihCondition]) })
    .on('AllergyIntolerance', { body: searchset([]) })
    .on('Procedure', { body: searchset([]) });
}

describe('failure displays', () => {
  it('asks for a relaunch when the token is no longer accepted (401)', async () => {
    const { ehr } = mockEhr(BASE, capabilityStatement([]));
    answerAll(ehr, { status: 401 });
    ehr.on('Patient', { status: 401 });
    renderApp(sessionFor(BASE));
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toContain(
      "Your session has expired. Please close and relaunch AIH Navigator from the patient's chart.",
    );
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('explains a break-the-glass restriction and never retries it', async () => {
    const { ehr } = mockEhr(BASE, capabilityStatement([]));
    healthy(ehr);
    ehr.on('Observation:code', { status: 403, body: outcome('4130', 'Break-the-glass required') });
    renderApp(sessionFor(BASE));
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toContain('Restricted record');
    expect(alert.textContent).toContain('break-the-glass');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(ehr.requestsTo('Observation:code')).toHaveLength(1);
  });

  it('names the missing scopes when the EHR granted none of the clinical types', async () => {
    const { ehr } = mockEhr(BASE, capabilityStatement([]));
    answerAll(ehr, { status: 403 });
    renderApp(sessionFor(BASE));
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toContain('Access not granted');
    expect(alert.textContent).toContain('patient/Observation.rs');
  });

  it('offers a retry when the EHR is unavailable, and recovers', async () => {
    const user = userEvent.setup();
    const { ehr } = mockEhr(BASE, capabilityStatement([]));
    answerAll(ehr, { status: 500 });
    renderApp(sessionFor(BASE));
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toContain('EHR not reachable');
    healthy(ehr);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('heading', { name: 'Insufficient response' }, { timeout: 10_000 }),
    ).toBeTruthy();
  });

  it('shows the rest with a warning when one resource type fails', async () => {
    const { ehr } = mockEhr(BASE, capabilityStatement([]));
    healthy(ehr);
    ehr.on('AllergyIntolerance', { status: 500 });
    renderApp(sessionFor(BASE));
    const warning = await screen.findByText('Assessment may be incomplete', {}, { timeout: 10_000 });
    // In clinical words: the part of the record, not the FHIR type or the status.
    expect(warning.closest('section')?.textContent).toContain('Allergies and intolerances could not be read');
    expect(warning.closest('section')?.textContent).not.toMatch(/AllergyIntolerance|500/);
    expect(
      await screen.findByRole('list', { name: 'ALT results', hidden: true }, { timeout: 10_000 }),
    ).toBeTruthy();
  });
});
