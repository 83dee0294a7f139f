/**
 * The browser's stand-in for @lhncbc/ucum-lhc (vite.config.ts aliases the package name to this file).
 * UCUM's unit tables would be 57 KB gzipped before the card, yet a record whose units are the canonical
 * ones, spelled as the core's alias table knows them, or among its common conversions never needs them.
 * The core asks for the library only when a unit really has to be converted; until {@link loadUcum} has
 * run, that request throws {@link UcumNotLoadedError} and the pipeline loads the library and assesses
 * again, so every conversion is UCUM's own, exactly as on the server and in the CLI.
 */
import type ucumLibrary from '@lhncbc/ucum-lhc';

type UcumUtils = ReturnType<typeof ucumLibrary.UcumLhcUtils.getInstance>;

export class UcumNotLoadedError extends Error {
  constructor() {
    super('UCUM unit conversion is needed and the library is not loaded yet.');
    this.name = 'UcumNotLoadedError';
  }
}

let library: typeof ucumLibrary.UcumLhcUtils | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the real library once (its own chunk); later calls share the first load. It is imported by the
 * file that defines the utilities, not by the package name, which is this file's in the app bundle.
 */
export function loadUcum(): Promise<void> {
  loading ??= import('@lhncbc/ucum-lhc/source-cjs/ucumLhcUtils.js').then((module) => {
    library = module.UcumLhcUtils;
  });
  return loading;
}

export function isUcumLoaded(): boolean {
  return library !== undefined;
}

const ucum: typeof ucumLibrary = {
  UcumLhcUtils: {
    getInstance(): UcumUtils {
      if (!library) throw new UcumNotLoadedError();
      return library.getInstance();
    },
  },
};

export default ucum;
