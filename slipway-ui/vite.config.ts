import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ at / (UiAssets.java): files under assets/ are content-hashed and cached for ever.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
