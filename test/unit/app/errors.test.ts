import { describe, expect, it } from 'vitest';
import { describeProblem, RELAUNCH_MESSAGE } from '../../../src/app/errors.js';

class FakeLoadError extends Error {
  constructor(
    readonly kind: string,
    readonly resourceType?: string,
  ) {
    super('load failed');
  }
}

describe('problems in clinician words', () => {
  it('asks to relaunch when the session expired, with the exact sentence', () => {
    const problem = describeProblem(new FakeLoadError('relaunch-required'));
    expect(problem.message).toBe(RELAUNCH_MESSAGE);
    expect(problem.message).toBe(
      "Your session has expired. Please close and relaunch AIH Navigator from the patient's chart.",
    );
    expect(problem.retry).toBe(false);
  });

  it("treats fhirclient's lost state and refused refresh as relaunch-required", () => {
    expect(describeProblem(new Error("No 'state' parameter found. Please (re)launch the app.")).kind).toBe(
      'relaunch-required',
    );
    expect(
      describeProblem(new Error('Unable to refresh. No offline_access or online_access scope found.')).kind,
    ).toBe('relaunch-required');
    expect(describeProblem(Object.assign(new Error('401 Unauthorized'), { status: 401 })).kind).toBe(
      'relaunch-required',
    );
  });

  it('names the missing scope for the resource type', () => {
    const problem = describeProblem(new FakeLoadError('scope-missing', 'Observation'));
    // The message in clinical words; the scope string only for the administrator.
    expect(problem.message).toContain('lab results');
    expect(problem.message).not.toContain('patient/');
    expect(problem.technical).toContain('patient/Observation.rs');
  });

  it('never offers a retry for break-the-glass, and does for an unavailable server', () => {
    expect(describeProblem(new FakeLoadError('break-the-glass', 'Observation'))).toMatchObject({
      kind: 'break-the-glass',
      retry: false,
    });
    expect(describeProblem(new FakeLoadError('unavailable'))).toMatchObject({
      kind: 'unavailable',
      retry: true,
    });
  });

  it('explains an authorization refused by the EHR', () => {
    const problem = describeProblem(new Error('access_denied: The user denied the request'));
    expect(problem).toMatchObject({ kind: 'not-authorized', retry: false });
    expect(problem.message).toContain("app's registration and scopes");
  });

  it('falls back to a generic message without leaking the error text', () => {
    const problem = describeProblem(new Error('TypeError at Patient/12345'));
    expect(problem.kind).toBe('unexpected');
    expect(problem.message).not.toContain('12345');
  });
});
