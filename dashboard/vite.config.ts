import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

// No @vitejs/plugin-react: esbuild's automatic JSX runtime is all the build needs (no Babel); the dev server
// reloads the page on change instead of React Fast Refresh. `npm run dev -w dashboard` proxies /api to the api.
export default defineConfig(({ command }) => {
  // A build is always the production bundle, even when started from a test runner that set NODE_ENV=test (Vitest
  // does): Vite reads NODE_ENV after this file for process.env.NODE_ENV in the bundle and the package export
  // conditions, and with "test" dist got React's development build (570 KB instead of 350 KB, and much slower).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: import.meta.dirname,
    esbuild: { jsx: 'automatic' },
    // Pre-compressed copies (.br at brotli's best quality, .gz at level 9) written next to every JS, CSS, HTML and SVG
    // file of the build; the api sends the one the browser accepts (@fastify/static preCompressed), so no request
    // pays for compression and brotli can use its slowest, smallest setting.
    plugins: [
      compression({
        include: /\.(js|css|html|svg|json)$/,
        threshold: 1024,
        algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
        logLevel: 'silent',
      }),
    ],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: false,
      chunkSizeWarningLimit: 900,
      rollupOptions: {
        // react-router marks its modules "use client" (for React Server Components); meaningless in this bundle.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
        output: {
          manualChunks: (id: string): string | undefined => {
            if (id.includes('node_modules/@codemirror') || id.includes('node_modules/@lezer') || id.includes('node_modules/@prometheus-io')) return 'codemirror';
            if (id.includes('node_modules/recharts') || id.includes('node_modules/d3-') || id.includes('node_modules/victory-vendor')) return 'charts';
            return undefined;
          },
        },
      },
    },
    server: {
      proxy: { '/api': process.env.API_URL ?? 'http://127.0.0.1:8080' },
    },
  };
});
