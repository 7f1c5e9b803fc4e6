/** The web app's entry: the kiosk under /kiosk, the console at / (issue 16 builds it). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Home } from './home.tsx';
import { KioskApp } from './kiosk/kiosk-app.tsx';
import './styles/base.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const isKiosk = window.location.pathname === '/kiosk' || window.location.pathname.startsWith('/kiosk/');
createRoot(root).render(<StrictMode>{isKiosk ? <KioskApp /> : <Home />}</StrictMode>);
