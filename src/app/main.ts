/**
 * The app page (SMART redirect URI). This entry carries no React: it completes the launch (token
 * exchange) and sends the patient's reads at once. The screen's code downloads meanwhile (preloaded by
 * the page) but is evaluated only once the reads are on their way, so React's start-up runs while the
 * EHR answers instead of before the requests; the screen then takes over the requests in flight.
 */
import { startHead } from './head-start.js';
import { loadPipeline, loadViewWithPipeline } from './pipeline-chunk.js';
import { openSmartSession } from './smart-session.js';
import { localToday } from './today.js';
import './styles.css';

/** After the microtasks queued so far: the loader sends its requests through a chain of them. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const container = document.getElementById('root');
if (container) {
  const asOf = localToday();
  // The pipeline (loader, mapper, core) is needed the moment the token arrives: fetch it alongside.
  const pipeline = loadPipeline();
  const head = startHead(openSmartSession, loadViewWithPipeline, asOf);
  Promise.allSettled([head.connected, pipeline])
    .then(nextTask)
    .then(() => import('./mount.js'))
    .then(({ mountApp }) => mountApp(container, { ...head, asOf }))
    .catch(() => {
      container.textContent =
        'AIH Navigator could not load. Please close it and launch it again from the patient chart.';
    });
}
