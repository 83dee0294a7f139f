// @vitest-environment jsdom
import { cleanup, configure, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DecisionPanel } from '../../../src/app/decision/DecisionPanel.js';
import type {
  Decision,
  DecisionOptions,
  DecisionWriter,
  WritebackMode,
  WriteOutcome,
} from '../../../src/app/view-types.js';
import { insufficientResponse } from '../../fixtures/app/assessment.js';

// Lazy chunks (chart) and async writes can take a while on a busy test machine.
configure({ asyncUtilTimeout: 10_000 });
afterEach(cleanup);

const DRAFT =
  'Medication order: tacrolimus; dose: to trough 3–7 ng/mL; draft proposal, to be reviewed and signed in the EHR';

function optionsFor(mode: WritebackMode, extra: Partial<DecisionOptions> = {}): DecisionOptions {
  return {
    previews: {
      'sugg-tac': {
        mode,
        drafts: [DRAFT],
        together: false,
        ...(mode === 'drafts'
          ? {}
          : { fallbackReason: 'This EHR does not accept draft medication orders from AIH Navigator.' }),
      },
    },
    earlier: {},
    overrideMode: mode === 'copy-text' ? 'copy-text' : 'note',
    ...extra,
  };
}

function fakeWriter(
  mode: WritebackMode,
  outcome: Partial<WriteOutcome> = {},
  extra: Partial<DecisionOptions> = {},
) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const write = vi.fn(async (decision: Decision): Promise<WriteOutcome> => {
    await gate;
    return { mode, written: [], alreadyThere: false, text: `note for ${decision.kind}`, ...outcome };
  });
  const writer: DecisionWriter = {
    options: async () => optionsFor(mode, extra),
    write,
    textOf: (decision) => `text of ${decision.kind}`,
  };
  return { writer, write, release };
}

const card = insufficientResponse().card;
const ACCEPT = { name: 'Accept: Propose tacrolimus (target trough 3–7 ng/mL)' };

describe('decision panel', () => {
  it('shows the exact draft next to Accept, accepts once on a double click, and shows what was written', async () => {
    const user = userEvent.setup();
    const { writer, write, release } = fakeWriter('drafts', {
      written: [{ ref: 'MedicationRequest/901', summary: DRAFT }],
    });
    render(<DecisionPanel card={card} writer={writer} />);
    const accept = await screen.findByRole('button', ACCEPT);
    expect(screen.getByText(/Accept writes the suggestion’s draft proposal/)).toBeTruthy();
    expect(accept.getAttribute('aria-describedby')).toBe('preview-sugg-tac');
    expect(document.getElementById('preview-sugg-tac')?.textContent).toContain(DRAFT);
    await user.dblClick(accept);
    expect((accept as HTMLButtonElement).disabled).toBe(true);
    release();
    const result = await screen.findByText(/written to the EHR as a draft proposal/);
    expect(result.closest('.write-result')?.textContent).toContain('MedicationRequest/901');
    expect(write).toHaveBeenCalledTimes(1);
    await user.click(accept);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('keeps focus in the decision area after a keyboard Accept', async () => {
    const user = userEvent.setup();
    const { writer, release } = fakeWriter('drafts', {
      written: [{ ref: 'MedicationRequest/9', summary: DRAFT }],
    });
    release();
    render(<DecisionPanel card={card} writer={writer} />);
    const accept = await screen.findByRole('button', ACCEPT);
    accept.focus();
    await user.keyboard('{Enter}');
    await screen.findByText(/What was written/);
    expect(document.activeElement?.closest('.decision')).toBeTruthy();
    expect(document.activeElement).not.toBe(document.body);
  });

  it('shows "Proposed on DATE (ref)" instead of Accept for a suggestion accepted before', async () => {
    const { writer } = fakeWriter(
      'drafts',
      {},
      { earlier: { 'sugg-tac': { ref: 'MedicationRequest/77', date: '2025-08-01' } } },
    );
    render(<DecisionPanel card={card} writer={writer} />);
    const line = await screen.findByText(/Proposed on 2025-08-01/);
    expect(line.textContent).toContain('MedicationRequest/77');
    expect(screen.queryByRole('button', ACCEPT)).toBeNull();
  });

  it('says a note will be written, and why, where drafts cannot be', async () => {
    const { writer } = fakeWriter('note');
    render(<DecisionPanel card={card} writer={writer} />);
    const preview = await screen.findByText(
      /Accept writes a clinical note \(preliminary until you sign it\) containing/,
    );
    expect(preview.textContent).toContain('does not accept draft medication orders');
    expect(screen.queryByText(/writes the suggestion’s draft proposal/)).toBeNull();
  });

  it('offers text to copy, with a Copy button, when the EHR accepts no writes: no Accept button', async () => {
    const user = userEvent.setup();
    const { writer, release } = fakeWriter('copy-text');
    release();
    render(<DecisionPanel card={card} writer={writer} />);
    expect(await screen.findByText(/accepts neither drafts nor notes/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Accept:/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: /^Get the text to copy:/ }));
    const text = (await screen.findByLabelText('Note text')) as HTMLTextAreaElement;
    expect(text.value).toBe('note for accept');
    expect(text.readOnly).toBe(true);
    expect(screen.getByRole('button', { name: 'Copy text' })).toBeTruthy();
  });

  it('is read-only, with the reason, for a user who may not record decisions', async () => {
    const writer: DecisionWriter = {
      options: async () => ({
        ...optionsFor('drafts'),
        readOnly: 'You are signed in as a patient… read-only',
      }),
      write: vi.fn(),
      textOf: () => '',
    };
    render(<DecisionPanel card={card} writer={writer} />);
    expect(await screen.findByText(/signed in as a patient/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('records an override only with a reason, with the optional comment', async () => {
    const user = userEvent.setup();
    const { writer, write, release } = fakeWriter('note', {
      written: [{ ref: 'DocumentReference/55', summary: 'Clinical note' }],
    });
    release();
    render(<DecisionPanel card={card} writer={writer} />);
    await screen.findByText(/An override is recorded as a clinical note/);
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
    expect((await screen.findByText(/Override recorded/)).closest('.write-result')?.textContent).toContain(
      'DocumentReference/55',
    );
  });

  it('an unconfirmed write may be retried (it checks first)', async () => {
    const user = userEvent.setup();
    const unconfirmed = Object.assign(new Error('The EHR did not confirm the save.'), {
      name: 'WritebackError',
      kind: 'unconfirmed',
    });
    const write = vi
      .fn()
      .mockRejectedValueOnce(unconfirmed)
      .mockResolvedValueOnce({
        mode: 'note',
        written: [{ ref: 'DocumentReference/2', summary: 'Clinical note' }],
        alreadyThere: false,
        text: 'x',
      });
    render(
      <DecisionPanel
        card={card}
        writer={{ options: async () => optionsFor('note'), write, textOf: () => 'x' }}
      />,
    );
    const accept = await screen.findByRole('button', ACCEPT);
    await user.click(accept);
    expect((await screen.findByRole('alert')).textContent).toContain('did not confirm');
    await user.click(accept);
    expect((await screen.findByText(/Suggestion accepted/)).closest('.write-result')?.textContent).toContain(
      'DocumentReference/2',
    );
  });

  it('a write that failed for good (session ended, refused) is not offered again: the text is shown with Copy', async () => {
    const user = userEvent.setup();
    for (const kind of ['relaunch-required', 'rejected']) {
      const failure = Object.assign(new Error(`Failed: ${kind}. Copy the text below.`), {
        name: 'WritebackError',
        kind,
      });
      const write = vi.fn().mockRejectedValue(failure);
      render(
        <DecisionPanel
          card={card}
          writer={{ options: async () => optionsFor('drafts'), write, textOf: () => 'the note text' }}
        />,
      );
      await user.click(await screen.findByRole('button', ACCEPT));
      expect((await screen.findByRole('alert')).textContent).toContain(kind);
      expect(((await screen.findByLabelText('Note text')) as HTMLTextAreaElement).value).toBe(
        'the note text',
      );
      expect(screen.getByRole('button', { name: 'Copy text' })).toBeTruthy();
      expect((screen.getByRole('button', ACCEPT) as HTMLButtonElement).disabled).toBe(true);
      expect(write).toHaveBeenCalledTimes(1);
      cleanup();
    }
  });
});
