/**
 * The web app's entry: the kiosk under /kiosk, the console everywhere else. Each is its own chunk,
 * loaded on demand, so the lobby screen never downloads the console's design system and the console
 * never carries the kiosk's screens.
 */
import { setNonce } from 'get-nonce';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';

// The page's one-time style nonce (src/http/web-app.ts), for the <style> elements the dialogs'
// scroll lock writes at run time (react-style-singleton reads it from get-nonce).
const styleNonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
if (styleNonce) setNonce(styleNonce);

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
