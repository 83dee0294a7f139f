import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cardPreloads } from './scripts/card-preloads.js';
import { smartManifestSchema } from './src/smart-manifest-schema.js';

const root = import.meta.dirname;

/**
 * The HTML files carry the production Content-Security-Policy. The dev server needs inline scripts
 * (React refresh), injected styles and a WebSocket for hot reload, so it alone relaxes the policy.
 */
function devCspRelax(): Plugin {
  return {
    name: 'aih-dev-csp-relax',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:* ws://localhost:*");
    },
  };
}

/**
 * Publishes the top-level smart-manifest.json (the single source of registration data) with the app, and
 * refuses to build with a manifest that fails its schema: the pages use the bundled manifest unparsed.
 */
function smartManifestAsset(): Plugin {
  const file = resolve(root, 'smart-manifest.json');
  // The text checked at the start of the build is the text published: the file is read once per build.
  let checkedText = '';
  return {
    name: 'aih-smart-manifest',
    buildStart() {
      checkedText = readFileSync(file, 'utf8');
      const checked = smartManifestSchema.safeParse(JSON.parse(checkedText));
      if (!checked.success)
        this.error(`smart-manifest.json does not pass its schema: ${checked.error.message}`);
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'smart-manifest.json', source: checkedText });
    },
    configureServer(server) {
      server.middlewares.use('/smart-manifest.json', (_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(readFileSync(file, 'utf8'));
      });
    },
  };
}

// Two entry pages: the SMART launch page (launch/launch.html) and the app (index.html).
export default defineConfig({
  plugins: [
    react(),
    devCspRelax(),
    smartManifestAsset(),
    cardPreloads({
      appEntry: 'app',
      preloadModules: ['/src/app/pipeline.ts'],
      prefetchModules: ['/src/app/mount.tsx'],
    }),
  ],
  // fhirclient's "pure" build: modern browsers have fetch and AbortController, so skip its polyfills.
  define: { FHIRCLIENT_PURE: 'true' },
  resolve: {
    alias: [
      // UCUM's tables load only when a unit has to be converted (the file says how).
      { find: /^@lhncbc\/ucum-lhc$/, replacement: resolve(root, 'src/app/ucum-on-demand.ts') },
      // fhirclient's WebCrypto polyfill is reached only without WebCrypto, where PKCE S256 cannot work.
      {
        find: /^isomorphic-webcrypto$/,
        replacement: resolve(root, 'src/app/vendor/no-webcrypto-polyfill.ts'),
      },
      // fhirclient's debug logs would print token responses; none are wanted in a clinician's console.
      { find: /^debug$/, replacement: resolve(root, 'src/app/vendor/silent-debug.ts') },
    ],
  },
  build: {
    outDir: 'dist-app',
    sourcemap: false,
    // test/bench/bundle-size.mjs reads the manifest to find what the first screen loads.
    manifest: true,
    // Every browser the app supports (it needs WebCrypto and ES modules) knows <link rel="modulepreload">.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        app: resolve(root, 'index.html'),
        launch: resolve(root, 'launch/launch.html'),
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
});
