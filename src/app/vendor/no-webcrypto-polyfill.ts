/**
 * The browser's stand-in for `isomorphic-webcrypto` inside fhirclient (vite.config.ts aliases it here).
 * fhirclient reaches for the polyfill only when `globalThis.crypto` is missing. Every browser the app
 * supports has WebCrypto in a secure context, and PKCE S256 needs the real SHA-256 of `crypto.subtle`:
 * a browser without it cannot launch the app, so say so instead of shipping a 5 KB polyfill.
 */
export const MISSING_WEBCRYPTO =
  'This browser offers no Web Crypto (crypto.subtle), which the SMART launch needs for PKCE: open the app over https in a current browser.';

throw new Error(MISSING_WEBCRYPTO);
