// First: starts the inbox's request before React, antd and the pages are evaluated (see early-inbox.ts).
import './early-inbox';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, landingPageReady } from './app';

void landingPageReady().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
