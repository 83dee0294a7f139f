/**
 * Fetches the JavaScript the card needs as early as the browser can ask for it, instead of one chunk
 * after another:
 * - the app page (SMART redirect URI) preloads the pipeline chunk and the screen's chunk (React and the
 *   components), with their imports, next to the app entry, so they download while the entry exchanges
 *   the token and starts the reads, not after;
 * - the launch page prefetches the app page's chunks and stylesheet while it waits for the EHR's SMART
 *   configuration and the authorization redirect, so the app page finds them in the HTTP cache.
 * Only link tags with same-origin URLs are added: the pages' script-src 'self' policy still holds.
 */
import type { HtmlTagDescriptor, Plugin, Rollup } from 'vite';

type Bundle = Rollup.OutputBundle;

interface ChunkLike {
  type: 'chunk';
  name: string;
  isEntry: boolean;
  fileName: string;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}

function chunks(bundle: Bundle): ChunkLike[] {
  return Object.values(bundle as Record<string, { type: string }>).filter(
    (output): output is ChunkLike => output.type === 'chunk',
  );
}

/** A chunk and every chunk it imports statically, in load order (imports first). */
function withStaticImports(bundle: Bundle, fileName: string, seen = new Set<string>()): string[] {
  if (seen.has(fileName)) return [];
  seen.add(fileName);
  const chunk = chunks(bundle).find((candidate) => candidate.fileName === fileName);
  if (!chunk) return [];
  return [...chunk.imports.flatMap((name) => withStaticImports(bundle, name, seen)), fileName];
}

export interface CardPreloadOptions {
  /** Rollup input name of the app page (the SMART redirect URI). */
  appEntry: string;
  /** Rollup input name of the launch page. */
  launchEntry: string;
  /** Source files of the dynamically imported chunks the card waits for (pipeline, screen), in order. */
  cardModules: readonly string[];
}

export function cardPreloads(options: CardPreloadOptions): Plugin {
  let base = '/';
  return {
    name: 'aih-card-preloads',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const { bundle, chunk } = context;
        if (!bundle || !chunk) return [];
        const all = chunks(bundle);
        const app = all.find((candidate) => candidate.isEntry && candidate.name === options.appEntry);
        const cardEntries = options.cardModules.map((module) =>
          all.find((candidate) => candidate.facadeModuleId?.endsWith(module)),
        );
        if (!app || cardEntries.some((entry) => !entry))
          throw new Error('card preloads: the app entry or a chunk the card waits for is missing');
        const pageLoads = new Set(withStaticImports(bundle, chunk.fileName));
        const cardChunks = [
          ...new Set(
            cardEntries.flatMap((entry) => (entry ? withStaticImports(bundle, entry.fileName) : [])),
          ),
        ].filter((name) => !pageLoads.has(name));
        const href = (fileName: string) => `${base}${fileName}`;
        if (chunk.name === options.appEntry) {
          return cardChunks.map((fileName): HtmlTagDescriptor => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: href(fileName) },
            injectTo: 'head',
          }));
        }
        if (chunk.name !== options.launchEntry) return [];
        const appChunks = withStaticImports(bundle, app.fileName).filter((name) => !pageLoads.has(name));
        const styles = [...(app.viteMetadata?.importedCss ?? [])];
        return [...appChunks, ...cardChunks.filter((name) => !appChunks.includes(name)), ...styles].map(
          (fileName): HtmlTagDescriptor => ({
            tag: 'link',
            attrs: {
              rel: 'prefetch',
              href: href(fileName),
              ...(fileName.endsWith('.js') ? { as: 'script', crossorigin: true } : { as: 'style' }),
            },
            injectTo: 'head',
          }),
        );
      },
    },
  };
}
