/**
 * The assessment as the clinician reads it. First one line — state, the deciding value, the next step —
 * then the recommendations and safety flags; why, the deciding observations and the data-quality notes
 * are detail, closed until asked for (and printed).
 */
import type { Assessment, DataQualityNote, LoadGap, NormalisedValue } from '../../core/types.js';
import { FLAG_LABEL, LINE_LABEL, QUALIFIER_LABEL } from '../labels.js';
import { DataQualityNotes, LoadGaps, mergeNotes } from './DataNotes.js';
import { EvidenceTable } from './EvidenceTable.js';
import { glanceOf } from './glance.js';
import { missingLines } from './missing-text.js';
import { Recommendations } from './Recommendations.js';

const INDICATOR_LABEL = { info: 'Information', warning: 'Warning', critical: 'Critical' } as const;

interface Props {
  assessment: Assessment;
  gaps: readonly LoadGap[];
  extraNotes?: readonly DataQualityNote[];
  /** The normalised values, so results show in the lab's own unit. */
  values?: readonly NormalisedValue[];
}

export function AssessmentCard({ assessment, gaps, extraNotes = [], values = [] }: Props) {
  const { card, explanation } = assessment;
  const notes = mergeNotes(assessment.dataQuality, extraNotes);
  const glance = glanceOf(assessment);
  const missing = missingLines(assessment.missing, gaps.length > 0);
  return (
    <article className={`assessment-card indicator-${card.indicator}`} aria-labelledby="assessment-heading">
      <header>
        <div className="glance">
          <span className="indicator-badge">{INDICATOR_LABEL[card.indicator]}</span>
          <h2 id="assessment-heading">{glance.state}</h2>
          {glance.deciding ? <span className="glance-value">{glance.deciding}</span> : null}
          <span className="glance-next">
            <span className="glance-next-label">Next:</span> {glance.next}
          </span>
        </div>
        {/* The card's summary is the EHR's one-liner (CDS Hooks); here the line above replaces it, and
            the summary's wording of missing data would repeat the gaps box below. */}
        {assessment.qualifiers.length > 0 && (
          <ul className="qualifiers">
            {assessment.qualifiers.map((qualifier) => (
              <li key={qualifier}>{QUALIFIER_LABEL[qualifier]}</li>
            ))}
          </ul>
        )}
      </header>
      <LoadGaps gaps={gaps} />
      {missing.length > 0 && (
        <div className="missing">
          <h3>Missing to decide</h3>
          <ul>
            {missing.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </div>
      )}
      {assessment.safetyFlags.length > 0 && (
        <section className="safety" aria-labelledby="safety-heading">
          <h3 id="safety-heading">Safety</h3>
          <ul>
            {assessment.safetyFlags.map((flag) => (
              <li key={flag}>{FLAG_LABEL[flag]}</li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="recommendations-heading">
        <h3 id="recommendations-heading">Recommendations</h3>
        <Recommendations recommendations={assessment.recommendations} />
      </section>
      <details className="card-detail">
        <summary>Why: rule, deciding observations and data-quality notes</summary>
        <section aria-labelledby="why-heading">
          <h3 id="why-heading">Why</h3>
          <p>{explanation.text}</p>
          <p className="source">
            Rule <code>{explanation.ruleId}</code> · {explanation.source} · assessed on {assessment.asOf}
            {assessment.line !== 'none' ? ` · ${LINE_LABEL[assessment.line]}` : ''}
          </p>
        </section>
        <EvidenceTable evidence={assessment.evidence} values={values} />
        <DataQualityNotes notes={notes} />
        <footer className="card-source">
          Source:{' '}
          {card.source.url ? (
            <a href={card.source.url} target="_blank" rel="noreferrer">
              {card.source.label}
            </a>
          ) : (
            card.source.label
          )}
        </footer>
      </details>
    </article>
  );
}
