/** The screen's code (React and the app's components), loaded by the entry while the launch completes. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { IsoDate } from '../core/types.js';
import { App } from './App.js';
import type { HeadStart } from './head-start.js';

export function mountApp(
  container: HTMLElement,
  { connect, loadView, asOf }: HeadStart & { asOf: IsoDate },
): void {
  createRoot(container).render(
    <StrictMode>
      <App connect={connect} asOf={asOf} loadView={loadView} />
    </StrictMode>,
  );
}
