import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = import.meta.dirname;
const root = resolve(here, '../..');

// The operator console: a static single-page app built into dist/console, served at / by the
// all-in-one and by the api-edge (CONSOLE_DIR). `npm run dev:console` proxies the API to :8080.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@voltlane/operator-api-client': resolve(root, 'libs/operator-api-client/src/index.ts') },
  },
  build: {
    outDir: resolve(root, 'dist/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
