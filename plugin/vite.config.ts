import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The panel bundle: plugin/panel → plugin/dist, served by the service under /plugin/. */
export default defineConfig({
  root: fileURLToPath(new URL('./panel', import.meta.url)),
  // Relative: the same files work under /plugin/ here and as a Nexus app resource on PingCode's origin.
  base: './',
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One script and one stylesheet: the CSP allows 'self' only, and nothing is inlined.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
