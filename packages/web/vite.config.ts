import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The web app. `@tianheng/core` resolves through the workspace symlink to its TypeScript
 * source (packages/core/src/index.ts); Vite follows the symlink to the real path, which
 * lies outside node_modules, so it transpiles core like our own source instead of
 * expecting a prebuilt package.
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  optimizeDeps: { exclude: ['@tianheng/core'] },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
