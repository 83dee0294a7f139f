/** Every recommendation with its grade and evidence; blocked ones stay visible with the flag that blocks them. */
import type { RecommendationResult } from '../../core/types.js';
import { FLAG_LABEL } from '../labels.js';

export function Recommendations({ recommendations }: { recommendations: readonly RecommendationResult[] }) {
  if (recommendations.length === 0) return <p>No recommendation applies.</p>;
  return (
    <ol className="recommendations">
      {recommendations.map((recommendation) => {
        const blocked = recommendation.status === 'blocked';
        return (
          <li
            key={recommendation.id}
            className={blocked ? 'recommendation blocked' : 'recommendation'}
            aria-labelledby={`rec-${recommendation.id}`}
          >
            <h4 id={`rec-${recommendation.id}`}>
              {blocked ? 'Not suggested: ' : ''}
              {recommendation.title}
            </h4>
            {blocked && (
              <p className="blocked-by">
                <strong>Blocked by:</strong>{' '}
                {recommendation.blockedBy.map((flag) => FLAG_LABEL[flag]).join('; ')}
              </p>
            )}
            <p>{recommendation.text}</p>
            {recommendation.warnings.length > 0 && (
              <p className="warning-text">
                <strong>Caution:</strong> {recommendation.warnings.map((flag) => FLAG_LABEL[flag]).join('; ')}
              </p>
            )}
            {/* Grade and evidence are detail: closed on screen, opened for print (App). */}
            <details className="grade-detail">
              <summary>Grade and evidence</summary>
              <dl className="grade">
                <dt>Grade</dt>
                <dd>{recommendation.grade}</dd>
                <dt>Evidence</dt>
                <dd>{recommendation.evidence}</dd>
                <dt>Source</dt>
                <dd>{recommendation.source}</dd>
              </dl>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
