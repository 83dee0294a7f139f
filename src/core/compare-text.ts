/**
 * Orders strings by UTF-16 code unit. For the ISO dates and lowercase identifiers the app sorts, that
 * is the order localeCompare gives, without building the locale's collator, which costs tens of
 * milliseconds on its first use, on the way to the first screen.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
