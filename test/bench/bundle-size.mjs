#!/usr/bin/env node
/**
 * Gzipped JavaScript size of the app after `vite build`: what the first screen loads (the entry chunk of
 * index.html, the screen's chunk it imports at once, and their static imports, from the Vite manifest)
 * and everything that may load later.
 * Usage: npm run build:app && npm run bench:bundle   (exit code 1 when the first screen exceeds its budget)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const FIRST_SCREEN_BUDGET_KB = 200;
// DIST_APP: measure a build placed elsewhere (default: the project's dist-app).
const dist = process.env.DIST_APP ?? resolve(import.meta.dirname, '../../dist-app');

function readManifest() {
  try {
    return JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
  } catch {
    console.error('No dist-app/.vite/manifest.json: run `npm run build:app` first.');
    process.exit(2);
  }
}

const gzipKb = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;

/** The chunk's file and every chunk it imports statically, transitively. */
function staticClosure(manifest, key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return seen;
  seen.add(key);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, seen);
  return seen;
}

function report(label, files) {
  const sizes = files.map((file) => ({ file, kb: gzipKb(file) }));
  const total = sizes.reduce((sum, { kb }) => sum + kb, 0);
  console.log(`${label}: ${total.toFixed(1)} KB gzipped JS in ${files.length} file(s)`);
  for (const { file, kb } of sizes.sort((a, b) => b.kb - a.kb))
    console.log(`  ${kb.toFixed(1).padStart(7)} KB  ${file}`);
  return total;
}

const manifest = readManifest();
const entryOf = (html) => Object.keys(manifest).find((key) => manifest[key].isEntry && key.endsWith(html));
const appEntry = entryOf('index.html');
const launchEntry = entryOf('launch/launch.html');
if (!appEntry) {
  console.error('The manifest has no entry for index.html.');
  process.exit(2);
}
const jsOf = (keys) => [...keys].map((key) => manifest[key].file).filter((file) => file.endsWith('.js'));

// The entry completes the launch without React and imports the screen's chunk (React, components) at once.
const SCREEN_MODULE = 'src/app/mount.tsx';
const firstScreenKeys = staticClosure(manifest, appEntry);
if (manifest[SCREEN_MODULE]) staticClosure(manifest, SCREEN_MODULE, firstScreenKeys);
const firstScreen = report('First screen (app entry, screen chunk + static imports)', jsOf(firstScreenKeys));
if (launchEntry) report('Launch page (entry + static imports)', jsOf(staticClosure(manifest, launchEntry)));
const allJs = readdirSync(join(dist, 'assets'))
  .filter((file) => file.endsWith('.js'))
  .map((file) => `assets/${file}`);
report('Everything (all JS chunks)', allJs);

const within = firstScreen <= FIRST_SCREEN_BUDGET_KB;
console.log(`First-screen budget ${FIRST_SCREEN_BUDGET_KB} KB: ${within ? 'within' : 'EXCEEDED'}`);
process.exit(within ? 0 : 1);
