/**
 * Fetches the JavaScript the card needs as early as the browser can ask for it, instead of one chunk
 * after another: the app page (SMART redirect URI) preloads the pipeline chunk and its imports next to the
 * app entry, so they download while the entry exchanges the token, and prefetches the screen's chunk
 * (React and the components), which is compiled only when imported, once the reads are sent.
 * The launch page fetches nothing for the app page: measured in turns with the launch benchmark, its
 * prefetches cost more CPU than they saved on a two-core machine (the app page re-requests most of them),
 * and the launch was about 50 ms slower in median with them.
 * Only link tags with same-origin URLs are added: the page's script-src 'self' policy still holds.
 */
import type { HtmlTagDescriptor, Plugin, Rollup } from 'vite';

type Bundle = Rollup.OutputBundle;

interface ChunkLike {
  type: 'chunk';
  name: string;
  fileName: string;
  facadeModuleId: string | null;
  imports: string[];
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
  /**
   * Source files of dynamically imported chunks the app page needs the moment the token arrives (the
   * pipeline): preloaded with the entry, so they are fetched and compiled before they are imported.
   */
  preloadModules: readonly string[];
  /**
   * Source files of dynamically imported chunks the app page needs only once its reads are sent (the
   * screen, with React): prefetched with the entry, so they are in the HTTP cache but compiled only when
   * imported, while the EHR answers, and not on the main thread before the token request.
   */
  prefetchModules: readonly string[];
}

function scriptTag(rel: 'modulepreload' | 'prefetch', href: string): HtmlTagDescriptor {
  const attrs =
    rel === 'modulepreload'
      ? { rel, crossorigin: true, href }
      : { rel, href, ...(href.endsWith('.js') ? { as: 'script', crossorigin: true } : { as: 'style' }) };
  return { tag: 'link', attrs, injectTo: 'head' };
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
        if (!bundle || !chunk || chunk.name !== options.appEntry) return [];
        const all = chunks(bundle);
        const entriesOf = (modules: readonly string[]) =>
          modules.map((module) => all.find((candidate) => candidate.facadeModuleId?.endsWith(module)));
        const preloadEntries = entriesOf(options.preloadModules);
        const prefetchEntries = entriesOf(options.prefetchModules);
        if ([...preloadEntries, ...prefetchEntries].some((entry) => !entry))
          throw new Error('card preloads: a chunk the card waits for is missing');
        const pageLoads = new Set(withStaticImports(bundle, chunk.fileName));
        /** The entries' chunks with their static imports, once each, less those listed before. */
        const closure = (entries: typeof preloadEntries, before: ReadonlySet<string>) => [
          ...new Set(
            entries
              .flatMap((entry) => (entry ? withStaticImports(bundle, entry.fileName) : []))
              .filter((name) => !before.has(name)),
          ),
        ];
        const preloaded = closure(preloadEntries, pageLoads);
        const prefetched = closure(prefetchEntries, new Set([...pageLoads, ...preloaded]));
        const href = (fileName: string) => `${base}${fileName}`;
        return [
          ...preloaded.map((fileName) => scriptTag('modulepreload', href(fileName))),
          ...prefetched.map((fileName) => scriptTag('prefetch', href(fileName))),
        ];
      },
    },
  };
}
