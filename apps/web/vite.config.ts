import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset paths: the built page works from any folder, or from a file server's subpath.
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
});
