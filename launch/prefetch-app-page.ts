/**
 * The app page's chunks and stylesheet, named by the build in links marked `data-prefetch-on-authorize`
 * (scripts/card-preloads.ts), are prefetched once the launch page has sent its own request to the EHR:
 * their downloads then run while the page waits for the EHR and the redirect, not while its script loads.
 */
export function prefetchAppPage(root: ParentNode = document): void {
  for (const link of root.querySelectorAll<HTMLLinkElement>('link[data-prefetch-on-authorize]')) {
    link.rel = 'prefetch';
  }
}
