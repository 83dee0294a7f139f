/**
 * Procedure codes of a liver transplant (clinical-rules.md §1, rules v2): SNOMED CT 18027006
 * "Transplantation of liver" and its descendants, CPT 47135, ICD-10-PCS 0FY0* (Transplantation of
 * liver). Without a terminology server the SNOMED CT descendants are a curated list; others are
 * still missed, and a Procedure whose text names a liver transplant without one of these codes is
 * noted by the mapper so the clinician sees it.
 */
import { SYSTEM, type CodingLike } from './codes.js';

/**
 * 18027006 Transplantation of liver (procedure) and the descendants verified in published SNOMED CT
 * content: 426356008 Orthotopic transplantation of whole liver (procedure).
 */
const LIVER_TRANSPLANT_SNOMED = new Set(['18027006', '426356008']);
/** CPT 47135: Liver allotransplantation, orthotopic, partial or whole, from cadaver or living donor. */
const LIVER_TRANSPLANT_CPT = new Set(['47135']);
/** ICD-10-PCS 0FY0: Medical and Surgical, Hepatobiliary System, Transplantation, Liver (any approach, device, qualifier). */
const LIVER_TRANSPLANT_PCS_PREFIX = '0FY0';

const CPT_SYSTEM = /ama-assn\.org\/go\/cpt|\bcpt\b/i;
const PCS_SYSTEM = /icd-?10-?pcs|cms\.gov\/medicare\/coding\/icd10/i;

export function isLiverTransplantProcedure(codings: readonly CodingLike[]): boolean {
  return codings.some((c) => {
    if (!c.code) return false;
    const code = c.code.trim();
    if (c.system === SYSTEM.snomed) return LIVER_TRANSPLANT_SNOMED.has(code);
    if (c.system && CPT_SYSTEM.test(c.system)) return LIVER_TRANSPLANT_CPT.has(code);
    if (c.system && PCS_SYSTEM.test(c.system))
      return code.toUpperCase().replace(/\./g, '').startsWith(LIVER_TRANSPLANT_PCS_PREFIX);
    return false;
  });
}
