// Builds the single-page app into dashboard/dist, which the Kairox server serves at `/`.
// `npm start` and `npm test` build it (scripts/build-dashboard.mjs); `npm run dev -w dashboard`
// serves it with hot reload, sending /api and /hooks to a Kairox on 127.0.0.1:8080.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const kairox = process.env.KAIROX_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server's Content-Security-Policy allows no inline script: keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': kairox, '/hooks': kairox, '/healthz': kairox } },
});
