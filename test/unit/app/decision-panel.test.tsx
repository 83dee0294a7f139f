// @vitest-environment jsdom
import { cleanup, configure, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DecisionPanel } from '../../../src/app/decision/DecisionPanel.js';
import type { Decision, DecisionWriter, WritebackMode, WriteOutcome } from '../../../src/app/view-types.js';
import { insufficientResponse } from '../../fixtures/app/assessment.js';

// Lazy chunks (chart) and async writes can take a while on a busy test machine.
configure({ asyncUtilTimeout: 10_000 });
afterEach(cleanup);

function fakeWriter(mode: WritebackMode, outcome: Partial<WriteOutcome> = {}) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const write = vi.fn(async (decision: Decision): Promise<WriteOutcome> => {
    await gate;
    return { mode, text: `note for ${decision.kind}`, ...outcome };
  });
  const writer: DecisionWriter = { mode: async () => mode, write };
  return { writer, write, release };
}

const card = insufficientResponse().card;

describe('decision panel', () => {
  it('accepts a suggestion once even on a double click, and shows what was written and where', async () => {
    const user = userEvent.setup();
    const { writer, write, release } = fakeWriter('medication-request', {
      resourceRef: 'MedicationRequest/901',
    });
    render(<DecisionPanel card={card} writer={writer} />);
    expect(await screen.findByText(/draft medication order/)).toBeTruthy();
    const accept = screen.getByRole('button', {
      name: 'Accept: Propose tacrolimus (target trough 3–7 ng/mL)',
    });
    await user.dblClick(accept);
    expect((accept as HTMLButtonElement).disabled).toBe(true);
    release();
    const result = await screen.findByText(/written to the EHR as a draft medication order/);
    expect(result.textContent).toContain('MedicationRequest/901');
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith({ kind: 'accept', suggestionUuid: 'sugg-tac' });
    await user.click(accept);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('offers text to copy when the EHR accepts no writes', async () => {
    const user = userEvent.setup();
    const { writer, release } = fakeWriter('copy-text');
    release();
    render(<DecisionPanel card={card} writer={writer} />);
    expect(await screen.findByText(/you will get the text to copy/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /^Accept:/ }));
    const text = (await screen.findByLabelText('Note text')) as HTMLTextAreaElement;
    expect(text.value).toBe('note for accept');
    expect(text.readOnly).toBe(true);
    expect(screen.getByRole('button', { name: 'Copy text' })).toBeTruthy();
  });

  it('records an override only with a reason, with the optional comment', async () => {
    const user = userEvent.setup();
    const { writer, write, release } = fakeWriter('document-reference', {
      resourceRef: 'DocumentReference/55',
    });
    release();
    render(<DecisionPanel card={card} writer={writer} />);
    await screen.findByText(/writes a clinical note/);
    const submit = screen.getByRole('button', { name: 'Record override' });
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    await user.selectOptions(screen.getByLabelText('Reason'), 'clinical-judgement');
    await user.type(screen.getByLabelText('Comment (optional)'), '  Awaiting biopsy  ');
    await user.click(submit);
    expect(write).toHaveBeenCalledWith({
      kind: 'override',
      reasonCode: 'clinical-judgement',
      comment: 'Awaiting biopsy',
    });
    expect((await screen.findByText(/Override recorded/)).textContent).toContain('DocumentReference/55');
  });

  it('says nothing was recorded when the write fails, and lets the clinician retry', async () => {
    const user = userEvent.setup();
    const write = vi
      .fn()
      .mockRejectedValueOnce(Object.assign(new Error('boom'), { status: 500 }))
      .mockResolvedValueOnce({ mode: 'document-reference', resourceRef: 'DocumentReference/2', text: 'x' });
    render(<DecisionPanel card={card} writer={{ mode: async () => 'document-reference', write }} />);
    await screen.findByText(/writes a clinical note/);
    const accept = screen.getByRole('button', { name: /^Accept:/ });
    await user.click(accept);
    expect((await screen.findByRole('alert')).textContent).toContain('Nothing was recorded');
    await user.click(accept);
    expect((await screen.findByText(/Suggestion accepted/)).textContent).toContain('DocumentReference/2');
  });

  it('asks for a relaunch when the session expired during the write', async () => {
    const user = userEvent.setup();
    const write = vi
      .fn()
      .mockRejectedValue(Object.assign(new Error('expired'), { kind: 'relaunch-required' }));
    render(<DecisionPanel card={card} writer={{ mode: async () => 'document-reference', write }} />);
    await screen.findByText(/writes a clinical note/);
    await user.click(screen.getByRole('button', { name: /^Accept:/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('Your session has expired');
    expect((screen.getByRole('button', { name: /^Accept:/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(write).toHaveBeenCalledTimes(1);
  });
});
