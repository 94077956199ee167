import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// base './': every asset URL is relative, so the same build works at / and under HA's ingress prefix.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: {
    // `npm run dev --workspace web` against a running `npm run dev` server.
    proxy: {
      '/api': 'http://localhost:8099',
      '/socket.io': { target: 'ws://localhost:8099', ws: true },
    },
  },
});
