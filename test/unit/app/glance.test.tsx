// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AssessmentCard } from '../../../src/app/card/AssessmentCard.js';
import { glanceOf } from '../../../src/app/card/glance.js';
import { missingLines, missingText } from '../../../src/app/card/missing-text.js';
import { openDetailsForPrint } from '../../../src/app/print.js';
import { PatientBanner } from '../../../src/app/shell/PatientBanner.js';
import { insufficientResponse } from '../../fixtures/app/assessment.js';

afterEach(cleanup);

describe('the one line read first', () => {
  it('names the state, the deciding value and the next step', () => {
    expect(glanceOf(insufficientResponse())).toEqual({
      state: 'Insufficient response',
      deciding: 'ALT 2.3×ULN on 2025-08-01',
      next: 'Consider tacrolimus',
    });
  });

  it('comes first in the card, before the recommendations and the detail', () => {
    const { container } = render(<AssessmentCard assessment={insufficientResponse()} gaps={[]} />);
    const glance = container.querySelector('.glance')!;
    expect(glance.textContent).toBe(
      'WarningInsufficient responseALT 2.3×ULN on 2025-08-01Next: Consider tacrolimus',
    );
    const order = [...container.querySelectorAll('.glance, #recommendations-heading, details.card-detail')];
    expect(order.map((element) => element.className || element.id)).toEqual([
      'glance',
      'recommendations-heading',
      'card-detail',
    ]);
    // Why and the deciding observations are detail, closed until asked for.
    expect(container.querySelector('details.card-detail')?.hasAttribute('open')).toBe(false);
    expect(container.querySelector('details.card-detail')?.textContent).toContain('Deciding observations');
  });

  it('gives the reassessment date when it is too early, and what is missing when data are insufficient', () => {
    expect(glanceOf(insufficientResponse({ response: 'too-early', evidence: [] })).deciding).toBe(
      '6 months on treatment on 2025-07-17',
    );
    const lacking = insufficientResponse({
      response: 'insufficient-data',
      evidence: [],
      recommendations: [],
      missing: ['igg: no usable IgG result on or after 2025-06-14 (Tline + 150 d)'],
    });
    expect(glanceOf(lacking)).toEqual({
      state: 'Insufficient data to assess',
      deciding: 'missing: No usable IgG result on or after 2025-06-14 (5 months into the current treatment)',
      next: 'No change of treatment suggested',
    });
  });
});

describe('missing items in clinical words, each problem once', () => {
  it('drops ids and Tline', () => {
    expect(missingText('panel: no ALT, AST and IgG all ≤ 1×ULN')).toBe('No ALT, AST and IgG all ≤ 1×ULN');
    expect(missingText('azathioprine-dose')).toBe('The current azathioprine daily dose');
    expect(missingText('alt: none since Tline')).toBe('None since the start of the current treatment');
  });

  it('leaves read failures to the gaps box when it is shown', () => {
    const missing = ['Observation: could not be read (HTTP 500)', 'alt: no usable ALT result'];
    expect(missingLines(missing, true)).toEqual(['No usable ALT result']);
    expect(missingLines(missing, false)).toEqual(['Lab results could not be read', 'No usable ALT result']);
  });

  it('says a failed lab read once on the card, without status codes', () => {
    render(
      <AssessmentCard
        assessment={insufficientResponse({
          response: 'insufficient-data',
          missing: [
            'Observation: could not be read (Observation could not be read: the EHR answered HTTP 500.)',
          ],
          dataQuality: [{ code: 'load-gap', message: 'Observation could not be read completely (HTTP 500)' }],
        })}
        gaps={[
          {
            resourceType: 'Observation',
            reason: 'Observation could not be read: the EHR answered HTTP 500.',
          },
          {
            resourceType: 'Observation',
            reason: 'Observation could not be read: the EHR did not answer in time.',
          },
        ]}
      />,
    );
    const card = screen.getByRole('article');
    expect(card.textContent?.match(/could not be read/g)).toHaveLength(2); // "Part of the record …" + the line
    expect(card.textContent).toContain('Lab results could not be read');
    expect(card.textContent).not.toMatch(/HTTP|500/);
  });
});

describe('patient banner', () => {
  it('says "not recorded" only when the Patient was read and lacks it', () => {
    const { unmount } = render(<PatientBanner banner={{ name: 'Ada Test' }} />);
    expect(screen.getByRole('region', { name: 'Patient' }).textContent).toContain('Bornnot recorded');
    unmount();
    render(<PatientBanner banner={undefined} unreadable />);
    const banner = screen.getByRole('region', { name: 'Patient' });
    expect(banner.textContent).toContain('Borncould not be read');
    expect(banner.textContent).not.toContain('not recorded');
  });
});

describe('print', () => {
  it('opens closed detail before printing and closes it again after, leaving diagnostics closed', () => {
    document.body.innerHTML =
      '<details class="card-detail"><summary>s</summary>x</details><details class="diagnostics"><summary>d</summary>y</details>';
    const stop = openDetailsForPrint(window);
    const [detail, diagnostics] = [...document.querySelectorAll('details')];
    window.dispatchEvent(new Event('beforeprint'));
    expect(detail?.open).toBe(true);
    expect(diagnostics?.open).toBe(false);
    window.dispatchEvent(new Event('afterprint'));
    expect(detail?.open).toBe(false);
    stop();
    document.body.innerHTML = '';
  });
});
