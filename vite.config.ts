/**
 * The web app (src/web: kiosk at /kiosk, console at /), built into dist/web and served by the Patron
 * server (src/http/web-app.ts). `patron start`, `npm install` and the test run build it when its
 * sources are newer than the build (src/cli/web-build.ts), so no one runs Vite by hand.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  // Hashed file names under /assets/ are served as immutable; index.html is never cached.
  build: { outDir: '../../dist/web', emptyOutDir: true, assetsDir: 'assets', sourcemap: false },
});
