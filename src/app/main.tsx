/** The app page (SMART redirect URI): complete the launch, then assess the patient in context. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { openSmartSession } from './smart-session.js';
import { localToday } from './today.js';
import './styles.css';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <App connect={openSmartSession} asOf={localToday()} />
    </StrictMode>,
  );
}
