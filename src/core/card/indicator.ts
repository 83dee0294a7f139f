/** The card indicator (clinical-rules.md §8). */
import type { Assessment, CdsCard } from '../types.js';

/**
 * `critical` with decompensated liver disease or non-response; `warning` for insufficient response,
 * loss of response, actionable intolerance or any blocked recommendation; `info` otherwise.
 */
export function cardIndicator(a: Omit<Assessment, 'card'>): CdsCard['indicator'] {
  if (a.safetyFlags.includes('decompensated') || a.response === 'non-response') return 'critical';
  if (
    a.response === 'insufficient-response' ||
    a.response === 'loss-of-response' ||
    a.actionableIntolerance.length > 0 ||
    a.recommendations.some((r) => r.status === 'blocked')
  ) {
    return 'warning';
  }
  return 'info';
}
