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
  // A lookup by identifier finds what this EHR stored (as a real server would); other searches the chart.
  const byIdentifier = (type: string, chart: unknown[]) => (url: URL) => {
    const wanted = url.searchParams.get('identifier')?.split(',');
    if (!wanted) return { body: searchset(chart) };
    const found = mock.created
      .filter((c) => c.resourceType === type)
      .map((c) => ({ ...c.body, id: c.id, resourceType: type }) as Record<string, unknown>)
      .filter((r) =>
        ((r.identifier as { system: string; value: string }[] | undefined) ?? []).some((id) =>
          wanted.includes(`${id.system}|${id.value}`),
        ),
      );
    return { body: searchset(found) };
  };
  mock.ehr
    .on('Observation:code', { body: searchset(observations) })
    .on('Observation:category', { body: searchset([]) })
    .on('MedicationRequest', byIdentifier('MedicationRequest', [prednisoloneRequest, azathioprineRequest]))
    .on('MedicationStatement', { body: searchset([]) })
    .on('Condition', { body: searchset([aihCondition]) })
    .on('AllergyIntolerance', { body: searchset([azathioprineIntolerance]) })
    .on('DocumentReference', byIdentifier('DocumentReference', []));
  return mock;
}

const SCOPES = 'launch openid fhirUser patient/*.rs patient/MedicationRequest.c patient/DocumentReference.c';
const NOTE_SCOPES = 'launch openid fhirUser patient/*.read patient/DocumentReference.write';

async function acceptButton() {
  return screen.findByRole('button', { name: /^Accept: .*[Mm]ycophenolate/ }, { timeout: 10_000 });
}

describe('write-back through the UI', () => {
  it('shows the draft before Accept, creates it once on a double click, and shows what was written', async () => {
    const user = userEvent.setup();
    const { created } = ehrWith(['MedicationRequest', 'DocumentReference']);
    renderApp(sessionFor(BASE, { grantedScopes: SCOPES }));
    const accept = await acceptButton();
    await screen.findAllByText('Accept writes this draft to the EHR:');
    const preview = document.getElementById(accept.getAttribute('aria-describedby') ?? '');
    expect(preview?.textContent).toMatch(
      /Accept writes this draft to the EHR:Medication order: .*mycophenol/i,
    );
    expect(preview?.textContent).toContain('draft proposal, to be reviewed and signed in the EHR');
    await user.dblClick(accept);
    const result = await screen.findByText(/written to the EHR as a draft proposal/);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      resourceType: 'MedicationRequest',
      body: {
        status: 'draft',
        intent: 'proposal',
        subject: { reference: `Patient/${PATIENT_ID}` },
        requester: { reference: 'Practitioner/dr-1' },
      },
    });
    const written = result.closest('.write-result')?.textContent ?? '';
    expect(written).toContain(`MedicationRequest/${created[0]!.id}`);
    expect(written).not.toContain('Deciding results');
    await user.click(accept);
    expect(created).toHaveLength(1);
  });

  it('accepted twice across two launches: one resource, the second launch shows "Proposed on"', async () => {
    const user = userEvent.setup();
    const { created } = ehrWith(['MedicationRequest', 'DocumentReference']);
    const first = renderApp(sessionFor(BASE, { grantedScopes: SCOPES }));
    await user.click(await acceptButton());
    await screen.findByText(/written to the EHR as a draft proposal/);
    first.unmount();
    renderApp(sessionFor(BASE, { grantedScopes: SCOPES }));
    const proposed = await screen.findByText(/Proposed on \d{4}-\d{2}-\d{2}/, undefined, { timeout: 10_000 });
    expect(proposed.textContent).toContain(`MedicationRequest/${created[0]!.id}`);
    expect(screen.queryByRole('button', { name: /^Accept: .*[Mm]ycophenolate/ })).toBeNull();
    expect(created).toHaveLength(1);
  });

  it('writes a DocumentReference note where the EHR allows notes only (Epic-like), and says so first', async () => {
    const user = userEvent.setup();
    const { created } = ehrWith(['DocumentReference']);
    renderApp(sessionFor(BASE, { grantedScopes: NOTE_SCOPES }));
    const accept = await acceptButton();
    await screen.findByText(/Accept writes a clinical note instead/);
    await user.click(accept);
    const result = await screen.findByText(/written to the EHR as a clinical note/);
    expect(created.map((entry) => entry.resourceType)).toEqual(['DocumentReference']);
    expect(created[0]!.body).toMatchObject({
      docStatus: 'preliminary',
      author: [{ reference: 'Practitioner/dr-1' }],
    });
    expect(result.closest('.write-result')?.textContent).toContain(`DocumentReference/${created[0]!.id}`);
  });

  it('records an override with reason and comment in the note', async () => {
    const user = userEvent.setup();
    const { created } = ehrWith(['DocumentReference']);
    renderApp(sessionFor(BASE, { grantedScopes: NOTE_SCOPES }));
    await acceptButton();
    await screen.findByText(/An override is recorded as a clinical note/);
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

  it('offers the note as text with a Copy button when the EHR takes no writes', async () => {
    const user = userEvent.setup();
    const { created } = ehrWith([]);
    renderApp(sessionFor(BASE, { grantedScopes: 'launch fhirUser patient/*.read' }));
    await screen.findByText(/accepts neither drafts nor notes/, undefined, { timeout: 10_000 });
    expect(screen.queryByRole('button', { name: /^Accept:/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: /^Get the text to copy: .*[Mm]ycophenolate/ }));
    const text = (await screen.findByLabelText('Note text')) as HTMLTextAreaElement;
    expect(text.value).toMatch(/[Mm]ycophenolate/);
    expect(screen.getByRole('button', { name: 'Copy text' })).toBeTruthy();
    expect(created).toHaveLength(0);
  });

  it('a patient-standalone launch is read-only and says why', async () => {
    const { created } = ehrWith(['MedicationRequest', 'DocumentReference']);
    renderApp(sessionFor(BASE, { grantedScopes: SCOPES, fhirUser: `Patient/${PATIENT_ID}` }));
    expect(
      await screen.findByText(/signed in as a patient .* read-only/, undefined, { timeout: 10_000 }),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Accept:/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Record override' })).toBeNull();
    expect(created).toHaveLength(0);
  });
});
