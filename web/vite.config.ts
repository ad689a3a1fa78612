import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Built into dist/, which the Maven build puts into the API's jar: the dashboard is served from the API's origin.
// In development (npm run dev) the API calls go to a local `bin/debugd serve --port 8080`, or to DEBUGD_API (a demo's API).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: false },
  server: { proxy: { '/v1': process.env.DEBUGD_API ?? 'http://127.0.0.1:8080' } },
  test: { environment: 'jsdom', include: ['src/**/*.test.ts'] },
});
