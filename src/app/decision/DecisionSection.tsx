/** Creates the decision writer (lazily: it needs the write-back module) and shows the decision panel. */
import { useEffect, useState } from 'react';
import type { CreateWriter } from '../App.js';
import type { AppSession } from '../session.js';
import type { AssessmentView, DecisionWriter } from '../view-types.js';
import { DecisionPanel } from './DecisionPanel.js';

interface Props {
  session: AppSession;
  view: AssessmentView;
  createWriter: CreateWriter;
}

export function DecisionSection({ session, view, createWriter }: Props) {
  const [writer, setWriter] = useState<DecisionWriter | 'failed'>();
  useEffect(() => {
    let current = true;
    createWriter(session, view)
      .then((created) => current && setWriter(created))
      .catch(() => current && setWriter('failed'));
    return () => {
      current = false;
    };
  }, [session, view, createWriter]);
  const { card } = view.assessment;
  if (!card.suggestions?.length && !card.overrideReasons?.length) return null;
  if (writer === 'failed') {
    return (
      <p role="alert" className="error-text">
        Recording decisions is not available right now. Please relaunch AIH Navigator to try again.
      </p>
    );
  }
  if (!writer) return <p role="status">Preparing the decision options…</p>;
  return <DecisionPanel card={card} writer={writer} />;
}
