/**
 * The app's screens: connecting, loading, a problem, or the assessment with chart, card and decision.
 * The session and the pipeline are passed in, so tests drive the same component with a mock EHR.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { RULES_VERSION, type IsoDate } from '../core/types.js';
import { AssessmentCard } from './card/AssessmentCard.js';
import { TrendsSection } from './chart/TrendsSection.js';
import { DecisionSection } from './decision/DecisionSection.js';
import { describeProblem, type Problem } from './errors.js';
import type { AppSession } from './session.js';
import { Diagnostics } from './shell/Diagnostics.js';
import { NotLaunched } from './shell/NotLaunched.js';
import { PatientBanner } from './shell/PatientBanner.js';
import { ProblemView } from './shell/ProblemView.js';
import { openDetailsForPrint } from './print.js';
import { loadPipeline, loadViewWithPipeline, type LoadView } from './pipeline-chunk.js';
import { applySmartStyle } from './smart-style.js';
import type { AssessmentView, DecisionWriter } from './view-types.js';

export type { LoadView };
export type CreateWriter = (session: AppSession, view: AssessmentView) => Promise<DecisionWriter>;

/** Lazy: it shares the core's rule tables with the pipeline chunk, so they stay off the first screen. */
const DriversSection = lazy(async () => ({
  default: (await import('./drivers/DriversSection.js')).DriversSection,
}));

const defaultLoadView: LoadView = loadViewWithPipeline;

const defaultCreateWriter: CreateWriter = async (session, view) =>
  (await import('./decision/decision-writer.js')).createDecisionWriter(session, view.assessment);

interface Props {
  connect: () => Promise<AppSession>;
  asOf: IsoDate;
  loadView?: LoadView;
  createWriter?: CreateWriter;
}

type Screen =
  | { kind: 'connecting' }
  | { kind: 'loading'; session: AppSession }
  | { kind: 'ready'; session: AppSession; view: AssessmentView }
  | { kind: 'problem'; problem: Problem; session?: AppSession };

export function App({
  connect,
  asOf,
  loadView = defaultLoadView,
  createWriter = defaultCreateWriter,
}: Props) {
  const [screen, setScreen] = useState<Screen>({ kind: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((count) => count + 1), []);

  useEffect(() => {
    const abort = new AbortController();
    let session: AppSession | undefined;
    const run = async () => {
      // Download and evaluate the pipeline (core, unit tables) during the token exchange, not after it.
      if (loadView === defaultLoadView) loadPipeline().catch(() => undefined);
      session = await connect();
      if (session.styleUrl) void applySmartStyle(session.styleUrl, document.documentElement);
      setScreen({ kind: 'loading', session });
      const view = await loadView(session, asOf, abort.signal);
      if (!abort.signal.aborted) setScreen({ kind: 'ready', session, view });
    };
    run().catch((error: unknown) => {
      if (abort.signal.aborted) return;
      setScreen({ kind: 'problem', problem: describeProblem(error), ...(session ? { session } : {}) });
    });
    return () => abort.abort();
  }, [connect, asOf, loadView, attempt]);

  useEffect(() => openDetailsForPrint(window), []);

  if (screen.kind === 'problem' && screen.problem.kind === 'not-launched') return <NotLaunched />;
  const session = screen.kind === 'connecting' ? undefined : screen.session;
  return (
    <div className="app">
      <header className="app-header">
        <h1>AIH Navigator</h1>
        {session?.needPatientBanner && screen.kind === 'ready' ? (
          <PatientBanner
            banner={screen.view.banner}
            unreadable={screen.view.gaps.some((gap) => gap.resourceType === 'Patient')}
          />
        ) : null}
      </header>
      <main>
        {screen.kind === 'connecting' && <p role="status">Connecting to the EHR…</p>}
        {screen.kind === 'loading' && <p role="status">Reading the patient&apos;s record…</p>}
        {screen.kind === 'problem' && <ProblemView problem={screen.problem} onRetry={retry} />}
        {screen.kind === 'ready' && (
          <>
            <AssessmentCard
              assessment={screen.view.assessment}
              gaps={screen.view.gaps}
              extraNotes={screen.view.notes}
              values={screen.view.values}
            />
            <DecisionSection session={screen.session} view={screen.view} createWriter={createWriter} />
            <Suspense fallback={<p role="status">Listing medications and results…</p>}>
              <DriversSection
                medications={screen.view.medications ?? []}
                values={screen.view.values}
                gaps={screen.view.gaps}
                asOf={screen.view.assessment.asOf}
              />
            </Suspense>
            <TrendsSection
              assessment={screen.view.assessment}
              values={screen.view.values}
              gaps={screen.view.gaps}
            />
            <Diagnostics log={screen.view.log} />
          </>
        )}
      </main>
      <footer className="app-footer">
        Decision support only: the clinician decides. Rules version{' '}
        {screen.kind === 'ready' ? screen.view.assessment.rulesVersion : RULES_VERSION}.
      </footer>
    </div>
  );
}
