// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  aihCondition,
  azathioprineIntolerance,
  azathioprineRequest,
  capabilityStatement,
  observations,
  PATIENT_ID,
  prednisoloneRequest,
} from '../../fixtures/app/aih-patient.js';
import { mockEhr, renderApp, searchset, server, sessionFor } from './harness.js';

const BASE = 'http://127.0.0.1:8090/fhir';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

function ehrWith(creates: string[]) {
  const mock = mockEhr(BASE, capabilityStatement(creates));
  mock.ehr
    .on('Observation:code', { body: searchset(observations) })
    .on('Observation:category', { body: searchset([]) })
    .on('MedicationRequest', { body: searchset([prednisoloneRequest, azathioprineRequest]) })
    .on('MedicationStatement', { body: searchset([]) })
    .on('Condition', { body: searchset([aihCondition]) })
    .on('AllergyIntolerance', { body: searchset([azathioprineIntolerance]) })
    .on('DocumentReference', { body: searchset([]) })
    .on('MedicationRequest', { body: searchset([prednisoloneRequest, azathioprineRequest]) });
  return mock;
}

const SCOPES = 'launch openid fhirUser patient/*.rs patient/MedicationRequest.c patient/DocumentReference.c';

async function acceptButton() {
  return screen.findByRole('button', { name: /^Accept: .*[Mm]ycophenolate/ }, { timeout: 10_000 });
}

describe('write-back through the UI', () => {
  it('creates one draft MedicationRequest on a double click and shows its id', async () => {
    const user = userEvent.setup();
    const { created } = ehrWith(['MedicationRequest', 'DocumentReference']);
    renderApp(sessionFor(BASE, { grantedScopes: SCOPES }));
    const accept = await acceptButton();
    await screen.findByText(/creates a draft medication order/);
    await user.dblClick(accept);
    const result = await screen.findByText(/written to the EHR as a draft medication order/);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      resourceType: 'MedicationRequest',
      body: { status: 'draft', intent: 'proposal', subject: { reference: `Patient/${PATIENT_ID}` } },
    });
    expect(result.textContent).toContain(`MedicationRequest/${created[0]!.id}`);
    await user.click(accept);
    expect(created).toHaveLength(1);
  });

  it('writes a DocumentReference note where the EHR allows notes only (Epic-like)', async () => {
    const user = userEvent.setup();
    const { created } = ehrWith(['DocumentReference']);
    renderApp(sessionFor(BASE, { grantedScopes: 'launch patient/*.read patient/DocumentReference.write' }));
    const accept = await acceptButton();
    await screen.findByText(/writes a clinical note/);
    await user.click(accept);
    const result = await screen.findByText(/written to the EHR as a clinical note/);
    expect(created.map((entry) => entry.resourceType)).toEqual(['DocumentReference']);
    expect(result.textContent).toContain(`DocumentReference/${created[0]!.id}`);
  });

  it('records an override with reason and comment in the note', async () => {
    const user = userEvent.setup();
    const { created } = ehrWith(['DocumentReference']);
    renderApp(sessionFor(BASE, { grantedScopes: 'launch patient/*.read patient/DocumentReference.write' }));
    await acceptButton();
    await screen.findByText(/writes a clinical note/);
    await user.selectOptions(screen.getByLabelText('Reason'), 'specialist-care');
    await user.type(screen.getByLabelText('Comment (optional)'), 'Seen at the liver unit');
    await user.click(screen.getByRole('button', { name: 'Record override' }));
    await screen.findByText(/Override recorded/);
    expect(created).toHaveLength(1);
    const content = created[0]!.body.content as { attachment: { data: string } }[];
    const note = Buffer.from(content[0]!.attachment.data, 'base64').toString('utf8');
    expect(note).toContain('Seen at the liver unit');
    expect(note).toMatch(/specialist care/i);
  });

  it('offers the note as text to copy when the EHR takes no writes', async () => {
    const user = userEvent.setup();
    const { created } = ehrWith([]);
    renderApp(sessionFor(BASE, { grantedScopes: 'launch patient/*.read' }));
    const accept = await acceptButton();
    await screen.findByText(/you will get the text to copy/);
    await user.click(accept);
    const text = (await screen.findByLabelText('Note text')) as HTMLTextAreaElement;
    expect(text.value).toMatch(/[Mm]ycophenolate/);
    expect(created).toHaveLength(0);
  });
});
