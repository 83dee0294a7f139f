/** The assessment as the clinician reads it: state, why, the deciding values, what to do, and what may be missing. */
import type { Assessment, DataQualityNote, LoadGap } from '../../core/types.js';
import { FLAG_LABEL, LINE_LABEL, QUALIFIER_LABEL, RESPONSE_LABEL } from '../labels.js';
import { DataQualityNotes, LoadGaps, mergeNotes } from './DataNotes.js';
import { EvidenceTable } from './EvidenceTable.js';
import { Recommendations } from './Recommendations.js';

const INDICATOR_LABEL = { info: 'Information', warning: 'Warning', critical: 'Critical' } as const;

interface Props {
  assessment: Assessment;
  gaps: readonly LoadGap[];
  extraNotes?: readonly DataQualityNote[];
}

export function AssessmentCard({ assessment, gaps, extraNotes = [] }: Props) {
  const { card, explanation } = assessment;
  const notes = mergeNotes(assessment.dataQuality, extraNotes);
  return (
    <article className={`assessment-card indicator-${card.indicator}`} aria-labelledby="assessment-heading">
      <header>
        <p className="indicator">
          <span className="indicator-badge">{INDICATOR_LABEL[card.indicator]}</span>
        </p>
        <h2 id="assessment-heading">{RESPONSE_LABEL[assessment.response]}</h2>
        <p className="summary">{card.summary}</p>
      </header>
      <LoadGaps gaps={gaps} />
      <section aria-labelledby="why-heading">
        <h3 id="why-heading">Why</h3>
        <p>{explanation.text}</p>
        <p className="source">
          Rule <code>{explanation.ruleId}</code> · {explanation.source} · assessed on {assessment.asOf}
          {assessment.line !== 'none' ? ` · ${LINE_LABEL[assessment.line]}` : ''}
        </p>
        {assessment.qualifiers.length > 0 && (
          <ul className="qualifiers">
            {assessment.qualifiers.map((qualifier) => (
              <li key={qualifier}>{QUALIFIER_LABEL[qualifier]}</li>
            ))}
          </ul>
        )}
        {assessment.missing.length > 0 && (
          <div className="missing">
            <h4>Missing to decide</h4>
            <ul>
              {assessment.missing.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <EvidenceTable evidence={assessment.evidence} />
      <section aria-labelledby="recommendations-heading">
        <h3 id="recommendations-heading">Recommendations</h3>
        <Recommendations recommendations={assessment.recommendations} />
      </section>
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
    </article>
  );
}
