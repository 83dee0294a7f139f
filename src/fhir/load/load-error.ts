/**
 * A failure that stops the whole load: the app cannot show a partial picture and must tell the user
 * what to do instead (relaunch, ask for access, try later).
 */
export type LoadErrorKind =
  'relaunch-required' | 'scope-missing' | 'break-the-glass' | 'unavailable' | 'aborted';

export class LoadError extends Error {
  readonly kind: LoadErrorKind;
  readonly resourceType: string | undefined;
  readonly status: number | 'error' | undefined;
  /** For `scope-missing`: the scopes to ask the EHR administrator for. */
  readonly scope: string | undefined;

  constructor(
    kind: LoadErrorKind,
    message: string,
    details: { resourceType?: string; status?: number | 'error'; scope?: string } = {},
  ) {
    super(message);
    this.name = 'LoadError';
    this.kind = kind;
    this.resourceType = details.resourceType;
    this.status = details.status;
    this.scope = details.scope;
  }
}

export function relaunchRequired(resourceType: string): LoadError {
  return new LoadError(
    'relaunch-required',
    'Your session with the EHR has ended. Please relaunch AIH Navigator from the patient chart.',
    { resourceType, status: 401 },
  );
}

export function breakTheGlass(resourceType: string, status: number | 'error'): LoadError {
  return new LoadError(
    'break-the-glass',
    "This patient's record is protected (break-the-glass). Open the chart in the EHR and follow its access procedure, then relaunch AIH Navigator.",
    { resourceType, status },
  );
}

export function aborted(resourceType?: string): LoadError {
  return new LoadError('aborted', 'Loading was cancelled.', resourceType ? { resourceType } : {});
}
