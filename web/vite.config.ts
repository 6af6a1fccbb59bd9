import { defineConfig } from 'vite';

// Preact through esbuild's automatic JSX runtime: no framework plugin needed.
// Output: web/dist/index.html and content-hashed files under /assets/, which
// the server caches as immutable; scripts/compress.mjs adds the .gz siblings.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2020',
    cssCodeSplit: true,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev` next to `make run` (or build/motcua serve on :8080).
    proxy: { '/api': process.env.MOTCUA_API ?? 'http://127.0.0.1:8080' },
  },
});
