/**
 * The web app's entry: the kiosk under /kiosk, the console everywhere else. Each is its own chunk,
 * loaded on demand, so the lobby screen never downloads the console's design system and the console
 * never carries the kiosk's screens.
 */
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';

const KioskApp = lazy(() => import('./kiosk/kiosk-app.tsx').then((module) => ({ default: module.KioskApp })));
const ConsoleApp = lazy(() => import('./console/console-app.tsx').then((module) => ({ default: module.ConsoleApp })));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const isKiosk = window.location.pathname === '/kiosk' || window.location.pathname.startsWith('/kiosk/');
createRoot(root).render(
  <StrictMode>
    <Suspense fallback={null}>{isKiosk ? <KioskApp /> : <ConsoleApp />}</Suspense>
  </StrictMode>,
);
