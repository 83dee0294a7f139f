/** A problem in clinician words, with a retry button when trying again can help. */
import type { Problem } from '../errors.js';

export function ProblemView({ problem, onRetry }: { problem: Problem; onRetry?: () => void }) {
  return (
    <section className={`problem problem-${problem.kind}`} role="alert" aria-labelledby="problem-heading">
      <h2 id="problem-heading">{problem.title}</h2>
      <p>{problem.message}</p>
      {problem.technical ? (
        <details className="technical">
          <summary>For your EHR administrator</summary>
          <p>{problem.technical}</p>
        </details>
      ) : null}
      {problem.retry && onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </section>
  );
}
