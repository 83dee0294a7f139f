import { describe, expect, it } from 'vitest';
import { failureMessage } from '../../../src/sandbox/cds/patient-view-client.js';

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe("the demo EHR's message when the CDS Hooks service gives no card", () => {
  it('says which data were unavailable on a 412, in clinical words and without the status', async () => {
    const message = await failureMessage(
      answer(412, {
        error: 'required-data-unavailable',
        message: '…',
        unavailable: ['Observation', 'Condition', 'Observation'],
      }),
    );
    expect(message).toContain('lab results and diagnoses could not be read');
    expect(message).not.toMatch(/412|Observation|Condition/);
  });

  it('still says something useful when the 412 names nothing', async () => {
    const message = await failureMessage(answer(412, { error: 'required-data-unavailable' }));
    expect(message).toContain('part of the record could not be read');
  });

  it('gives no status code for other failures', async () => {
    expect(await failureMessage(answer(500, {}))).not.toMatch(/500/);
  });
});
