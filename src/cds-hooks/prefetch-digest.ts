/**
 * The cache key of a call's prefetch (prefetch-cache.ts): SHA-256 over who sent it and, member by
 * member, each prefetch key and its value exactly as the text carries them (a value repeating an earlier
 * one character for character as a reference to it, hashed once). One byte changed in any value gives
 * another key; so does another issuer, so no entry is ever shared between EHRs.
 */
import { createHash } from 'node:crypto';
import type { MemberSpan } from './request-json.js';

/** Who a prefetch came from: the verified issuer and the FHIR servers it is trusted with. */
export interface PrefetchScope {
  issuer?: string | undefined;
  fhirServers?: readonly string[] | undefined;
}

/**
 * `text` is `body` decoded as UTF-8. For an ASCII body (the usual case) the spans index the bytes too,
 * and those are hashed as they are; otherwise the decoded text is, which JSON.parse reads just the same.
 */
export function prefetchDigest(
  scope: PrefetchScope,
  text: string,
  body: Uint8Array,
  members: readonly MemberSpan[],
): string {
  const hash = createHash('sha256');
  const ascii = text.length === body.byteLength;
  // Every piece is preceded by its length, so no two different sequences of pieces hash alike.
  const piece = (start: number, end: number): void => {
    if (ascii) {
      hash.update(`${end - start}:`);
      hash.update(body.subarray(start, end));
    } else {
      const slice = text.slice(start, end);
      hash.update(`${Buffer.byteLength(slice)}:`);
      hash.update(slice);
    }
  };
  const label = (value: string): void => {
    hash.update(`${Buffer.byteLength(value)}:`);
    hash.update(value);
  };
  label(scope.issuer ?? '');
  const servers = scope.fhirServers ?? [];
  label(String(servers.length));
  for (const server of servers) label(server);
  label(String(members.length));
  for (const member of members) {
    piece(member.keyStart, member.keyEnd);
    // A value that repeats an earlier one exactly (request-json.ts) is named by that one's index:
    // `=` never starts a piece (they start with their length), so the sequence stays unambiguous.
    if (member.sameAs !== undefined) hash.update(`=${member.sameAs};`);
    else piece(member.valueStart, member.valueEnd);
  }
  return hash.digest('base64');
}

/** How much prefetch text the members hold: the weight of a cache entry. */
export function prefetchLength(members: readonly MemberSpan[]): number {
  return members.reduce((sum, member) => sum + member.valueEnd - member.valueStart, 0);
}
