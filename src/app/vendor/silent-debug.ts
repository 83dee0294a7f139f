/**
 * The browser's stand-in for the `debug` package inside fhirclient (vite.config.ts aliases it here).
 * fhirclient's debug lines carry request URLs and whole token responses, which must never reach a
 * console, and the package is 2.5 KB gzipped before the card: every logger is a no-op.
 */
export interface SilentLogger {
  (...args: unknown[]): void;
  extend(namespace: string): SilentLogger;
  enabled: boolean;
}

function silentLogger(): SilentLogger {
  const logger = (() => undefined) as unknown as SilentLogger;
  logger.extend = () => logger;
  logger.enabled = false;
  return logger;
}

const shared = silentLogger();

export default function debug(namespace: string): SilentLogger {
  void namespace;
  return shared;
}

// fhirclient calls `require("debug")(…)`: CommonJS callers get this function itself, not the namespace.
export { debug as 'module.exports' };
