/** The feedback endpoint: validate the spec's feedback shape, store what may be stored, answer 200 once stored. */
import type { FeedbackStore } from './feedback-store.js';
import { toStoredFeedback } from './feedback-store.js';
import type { ServiceAnswer } from './patient-view.js';
import { describeIssues, feedbackRequestSchema } from './schemas.js';

export async function answerFeedback(body: unknown, store: FeedbackStore): Promise<ServiceAnswer> {
  const parsed = feedbackRequestSchema.safeParse(body);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        error: 'invalid-feedback',
        message: `The feedback is not valid: ${describeIssues(parsed.error)}.`,
      },
    };
  }
  try {
    await store.append(parsed.data.feedback.map(toStoredFeedback));
  } catch {
    // Not stored (a full disk?): never 200, so the EHR keeps the feedback and can send it again.
    return {
      status: 503,
      body: {
        error: 'feedback-not-stored',
        message: 'The feedback could not be stored; send it again later.',
      },
    };
  }
  return { status: 200, body: {} };
}
