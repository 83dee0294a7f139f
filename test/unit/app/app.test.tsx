// @vitest-environment jsdom
import { cleanup, configure, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, type CreateWriter, type LoadView } from '../../../src/app/App.js';
import type { AppSession } from '../../../src/app/session.js';
import type { AssessmentView, DecisionWriter } from '../../../src/app/view-types.js';
import { chartValues, insufficientResponse } from '../../fixtures/app/assessment.js';

// Lazy chunks (chart) and async writes can take a while on a busy test machine.
configure({ asyncUtilTimeout: 10_000 });
afterEach(cleanup);

const session = (overrides: Partial<AppSession> = {}): AppSession => ({
  patientId: 'p1',
  ehr: 'generic',
  grantedScopes: 'launch patient/Observation.rs',
  needPatientBanner: false,
  fhir: { request: vi.fn(), post: vi.fn() },
  ...overrides,
});

const view: AssessmentView = {
  assessment: insufficientResponse(),
  values: chartValues,
  notes: [],
  gaps: [],
  log: [
    {
      resourceType: 'Observation',
      url: 'Observation?patient=[patient]&category=laboratory',
      status: 200,
      durationMs: 41.6,
      pages: 2,
      count: 7,
    },
  ],
  banner: { name: 'Testpatient, Ada', birthDate: '1980-02-03', mrn: 'MRN-42' },
};

const writer: DecisionWriter = {
  options: async () => ({ previews: {}, earlier: {}, overrideMode: 'note' }),
  write: async () => ({
    mode: 'note',
    written: [{ ref: 'DocumentReference/1', summary: 'Clinical note' }],
    alreadyThere: false,
    text: 'note',
  }),
  textOf: () => 'note',
};
const createWriter: CreateWriter = async () => writer;

describe('app screens', () => {
  it('goes from loading to the assessment, with diagnostics closed and no banner unless asked', async () => {
    let finish: (value: AssessmentView) => void = () => undefined;
    const loadView: LoadView = () => new Promise((resolve) => (finish = resolve));
    render(
      <App
        connect={async () => session()}
        asOf="2025-08-15"
        loadView={loadView}
        createWriter={createWriter}
      />,
    );
    expect((await screen.findByText(/Reading the patient's record/)).getAttribute('role')).toBe('status');
    finish(view);
    expect(await screen.findByRole('heading', { name: 'Insufficient response' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Patient' })).toBeNull();
    const diagnostics = screen.getByText(/Diagnostics: 1 FHIR requests/).closest('details');
    expect(diagnostics?.open).toBe(false);
    expect(diagnostics?.textContent).toContain('Observation?patient=[patient]&category=laboratory');
    expect(diagnostics?.textContent).toContain('42');
  });

  it('shows the patient banner when the EHR asks for it', async () => {
    render(
      <App
        connect={async () => session({ needPatientBanner: true })}
        asOf="2025-08-15"
        loadView={async () => view}
        createWriter={createWriter}
      />,
    );
    const banner = await screen.findByRole('region', { name: 'Patient' });
    expect(banner.textContent).toContain('Testpatient, Ada');
    expect(banner.textContent).toContain('1980-02-03');
    expect(banner.textContent).toContain('MRN-42');
  });

  it('explains how to launch when opened without a launch', async () => {
    const notLaunched = Object.assign(new Error('x'), { name: 'NotLaunchedError' });
    render(<App connect={() => Promise.reject(notLaunched)} asOf="2025-08-15" />);
    expect(await screen.findByRole('heading', { name: 'How to start it' })).toBeTruthy();
    expect(document.body.textContent).toContain('launch/launch.html?iss=');
  });

  it('shows a retry for an unavailable EHR and loads again when pressed', async () => {
    const user = userEvent.setup();
    const loadView = vi
      .fn<LoadView>()
      .mockRejectedValueOnce(Object.assign(new Error('503'), { kind: 'unavailable' }))
      .mockResolvedValueOnce(view);
    render(
      <App
        connect={async () => session()}
        asOf="2025-08-15"
        loadView={loadView}
        createWriter={createWriter}
      />,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('did not respond');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Insufficient response' })).toBeTruthy();
    expect(loadView).toHaveBeenCalledTimes(2);
  });

  it('has no serious or critical accessibility violations on the main screen', async () => {
    render(
      <App
        connect={async () => session({ needPatientBanner: true })}
        asOf="2025-08-15"
        loadView={async () => view}
        createWriter={createWriter}
      />,
    );
    await screen.findByRole('button', { name: /^Accept:/ });
    await screen.findByRole('list', { name: 'ALT results' }, { timeout: 10_000 });
    const results = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
    const serious = results.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(
      serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`),
    ).toEqual([]);
  });
});
