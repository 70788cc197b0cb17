import './worker/zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/app.tsx';
import { ErrorBoundary } from './ui/error-boundary.tsx';
import { EmbedApp } from './ui/embed/embed-app.tsx';
import { isEmbedQuery, startEmbed } from './ui/embed/start-embed.ts';
import './ui/styles.css';
import { startTheme } from './ui/theme.ts';

// `?embed`: the chrome-less view for slides, driven by its host page (docs/embedding.md).
const embed = isEmbedQuery(window.location.search);
if (embed) startEmbed();
// The reader's theme (dark or light, or the system's); the embed view stays dark for slides.
else startTheme();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      {embed ? <EmbedApp /> : <App />}
    </ErrorBoundary>
  </StrictMode>,
);
