/**
 * The pipeline chunk (loader, mapper, core rules), imported once and shared by whoever asks first: the
 * app page's entry starts it during the token exchange, the screen awaits the same import.
 */
import type { IsoDate } from '../core/types.js';
import type { AppSession } from './session.js';
import type { AssessmentView } from './view-types.js';

export type LoadView = (session: AppSession, asOf: IsoDate, signal: AbortSignal) => Promise<AssessmentView>;

let pipelineChunk: Promise<typeof import('./pipeline.js')> | undefined;

export const loadPipeline = (): Promise<typeof import('./pipeline.js')> =>
  (pipelineChunk ??= import('./pipeline.js'));

export const loadViewWithPipeline: LoadView = async (session, asOf, signal) =>
  (await loadPipeline()).runAssessment(session, asOf, signal);
