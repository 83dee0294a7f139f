/**
 * The small modules the app bundle uses in place of fhirclient's `debug` and `isomorphic-webcrypto`
 * (vite.config.ts aliases): the logger never writes, and the polyfill stand-in fails loudly if ever reached.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as silentDebug from '../../../src/app/vendor/silent-debug.js';

const debug = silentDebug.default;

afterEach(() => vi.restoreAllMocks());

describe('silent debug logger', () => {
  it('accepts fhirclient-style calls and extensions and writes nothing to the console', () => {
    const writes = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
    const log = debug('FHIR');
    log('Received new access token response %O', { access_token: 'secret' });
    const child = log.extend('client').extend('client:refresh');
    child('Attempting to refresh with refresh_token...');
    expect(log.enabled).toBe(false);
    for (const write of writes) expect(write).not.toHaveBeenCalled();
  });

  it('is the CommonJS export itself, as fhirclient calls require("debug")(namespace)', () => {
    const commonJsExport: unknown = Reflect.get(silentDebug, 'module.exports');
    expect(commonJsExport).toBe(debug);
  });
});

describe('WebCrypto polyfill stand-in', () => {
  it('throws a clear error when loaded, instead of launching without real PKCE S256', async () => {
    await expect(import('../../../src/app/vendor/no-webcrypto-polyfill.js')).rejects.toThrow(
      /no Web Crypto \(crypto\.subtle\).*PKCE/,
    );
  });
});
