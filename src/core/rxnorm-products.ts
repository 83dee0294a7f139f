/**
 * RxNorm product codes (SCD, SBD, SCDF, SBDF) of our ingredients, with their RxNorm names
 * (clinical-rules.md §1: "any product that contains it"). An EHR may send a product code without its
 * display; without this table such a record names no ingredient and a treated patient reads untreated.
 * The name is kept so the route exclusion (topical tacrolimus) and the tablet strength can read it.
 *
 * Curated, never guessed: every code below is copied with its name from one of these sources.
 * - [PEDSnet] PEDSnet/Variable-Dictionary, drugs/rx_azathioprine.csv (OMOP concept export; only the
 *   rows whose vocabulary_id is "RxNorm", not "RxNorm Extension")
 *   https://github.com/PEDSnet/Variable-Dictionary/blob/main/drugs/rx_azathioprine.csv
 * - [CIBMTR] nmdp-ig/cibmtr-reporting-ig, build/input/fsh/terminology/medications/
 *   med-form2400-gvhd-prophylaxis-valueset.fsh (RxNorm value set "GVHD Prophylaxis")
 *   https://github.com/nmdp-ig/cibmtr-reporting-ig
 * No sourced list was found for prednisone, prednisolone, budesonide, mercaptopurine, thioguanine,
 * mycophenolic acid, allopurinol or the biologics: their product codes still need a display (or text)
 * to be recognised. Ophthalmic cyclosporine and topical sirolimus are left out on purpose: the rules
 * exclude no route for them, so listing them would make eye drops an immunosuppressant.
 */
import type { IngredientId } from './types.js';

type Products = Readonly<Record<string, string>>;

/** [PEDSnet] */
const AZATHIOPRINE: Products = {
  '153129': 'Azathioprine 10 MG Oral Tablet',
  '199310': 'Azathioprine 25 MG Oral Tablet',
  '197388': 'Azathioprine 50 MG Oral Tablet',
  '359229': 'Azathioprine 75 MG Oral Tablet',
  '359228': 'Azathioprine 100 MG Oral Tablet',
  '153130': 'Azathioprine 10 MG Oral Tablet [Imuran]',
  '105610': 'Azathioprine 25 MG Oral Tablet [Imuran]',
  '105611': 'Azathioprine 50 MG Oral Tablet [Imuran]',
  '701338': 'Azathioprine 25 MG Oral Tablet [Azasan]',
  '404351': 'Azathioprine 50 MG Oral Tablet [Azasan]',
  '404475': 'Azathioprine 75 MG Oral Tablet [Azasan]',
  '404476': 'Azathioprine 100 MG Oral Tablet [Azasan]',
  '105609': 'Azathioprine 50 MG Oral Tablet [Azamune]',
  '105612': 'Azathioprine 50 MG Oral Tablet [Immunoprin]',
  '105613': 'Azathioprine 50 MG Oral Tablet [Berkaprine]',
  '108922': 'Azathioprine 50 MG Oral Tablet [Oprisine]',
  '370973': 'Azathioprine Oral Tablet',
  '434685': 'Azathioprine Oral Capsule',
  '368214': 'Azathioprine Oral Tablet [Imuran]',
  '405819': 'Azathioprine Oral Tablet [Azasan]',
  '369525': 'Azathioprine Oral Tablet [Azamune]',
  '369534': 'Azathioprine Oral Tablet [Immunoprin]',
  '368521': 'Azathioprine Oral Tablet [Berkaprine]',
  '403109': 'Azathioprine Oral Tablet [Oprisine]',
  '239983': 'Azathioprine 100 MG Injection',
  '1789839': 'Azathioprine Injection',
};

/** [CIBMTR]. The ointments are listed so that a code-only Protopic is recognised, then excluded by route. */
const TACROLIMUS: Products = {
  '313190': 'tacrolimus 0.5 MG Oral Capsule',
  '198377': 'tacrolimus 1 MG Oral Capsule',
  '198378': 'tacrolimus 5 MG Oral Capsule',
  '261134': 'tacrolimus 0.5 MG Oral Capsule [Prograf]',
  '108513': 'tacrolimus 1 MG Oral Capsule [Prograf]',
  '108514': 'tacrolimus 5 MG Oral Capsule [Prograf]',
  '374015': 'tacrolimus Oral Capsule',
  '366273': 'tacrolimus Oral Capsule [Prograf]',
  '1431970': 'tacrolimus Extended Release Oral Capsule',
  '1431971': '24 HR tacrolimus 0.5 MG Extended Release Oral Capsule',
  '1431980': '24 HR tacrolimus 1 MG Extended Release Oral Capsule',
  '1431985': '24 HR tacrolimus 5 MG Extended Release Oral Capsule',
  '1431974': 'tacrolimus Extended Release Oral Capsule [Astagraf]',
  '1431977': '24 HR tacrolimus 0.5 MG Extended Release Oral Capsule [Astagraf]',
  '1431982': '24 HR tacrolimus 1 MG Extended Release Oral Capsule [Astagraf]',
  '1431987': '24 HR tacrolimus 5 MG Extended Release Oral Capsule [Astagraf]',
  '1664433': 'tacrolimus Extended Release Oral Tablet',
  '1664456': '24 HR tacrolimus 0.75 MG Extended Release Oral Tablet',
  '1664461': '24 HR tacrolimus 1 MG Extended Release Oral Tablet',
  '1664434': '24 HR tacrolimus 4 MG Extended Release Oral Tablet',
  '1664437': 'tacrolimus Extended Release Oral Tablet [Envarsus]',
  '1664458': '24 HR tacrolimus 0.75 MG Extended Release Oral Tablet [Envarsus]',
  '1664463': '24 HR tacrolimus 1 MG Extended Release Oral Tablet [Envarsus]',
  '1664440': '24 HR tacrolimus 4 MG Extended Release Oral Tablet [Envarsus]',
  '2052604': 'tacrolimus Granules for Oral Suspension',
  '2052605': 'tacrolimus 0.2 MG Granules for Oral Suspension',
  '2052703': 'tacrolimus 1 MG Granules for Oral Suspension',
  '2052607': 'tacrolimus Granules for Oral Suspension [Prograf]',
  '2052609': 'tacrolimus 0.2 MG Granules for Oral Suspension [Prograf]',
  '2052704': 'tacrolimus 1 MG Granules for Oral Suspension [Prograf]',
  '198379': '1 ML tacrolimus 5 MG/ML Injection',
  '108515': '1 ML tacrolimus 5 MG/ML Injection [Prograf]',
  '1738334': 'tacrolimus Injection',
  '1738336': 'tacrolimus Injection [Prograf]',
  '313189': 'tacrolimus 0.0003 MG/MG Topical Ointment',
  '314266': 'tacrolimus 0.001 MG/MG Topical Ointment',
  '284521': 'tacrolimus 0.0003 MG/MG Topical Ointment [Protopic]',
  '284520': 'tacrolimus 0.001 MG/MG Topical Ointment [Protopic]',
  '379082': 'tacrolimus Topical Ointment',
  '367339': 'tacrolimus Topical Ointment [Protopic]',
};

/** [CIBMTR], systemic forms only. */
const CYCLOSPORINE: Products = {
  '197553': 'cyclosporine 25 MG Oral Capsule',
  '205168': 'cyclosporine 50 MG Oral Capsule',
  '328160': 'cyclosporine 100 MG Oral Capsule',
  '212810': 'cyclosporine 25 MG Oral Capsule [Sandimmune]',
  '197552': 'cyclosporine 100 MG Oral Capsule [Sandimmune]',
  '309632': 'cyclosporine 100 MG/ML Oral Solution',
  '212957': 'cyclosporine 100 MG/ML Oral Solution [Sandimmune]',
  '371666': 'cyclosporine Oral Capsule',
  '371667': 'cyclosporine Oral Solution',
  '366488': 'cyclosporine Oral Capsule [Sandimmune]',
  '94035': 'cyclosporine Oral Solution [Sandimmune]',
  '366173': 'cyclosporine Oral Capsule [Gengraf]',
  '363914': 'cyclosporine Oral Solution [Gengraf]',
  '366479': 'cyclosporine Oral Capsule [Neoral]',
  '363942': 'cyclosporine Oral Solution [Neoral]',
  '835919': 'cyclosporine, modified 10 MG Oral Capsule',
  '835894': 'cyclosporine, modified 25 MG Oral Capsule',
  '835925': 'cyclosporine, modified 50 MG Oral Capsule',
  '241834': 'cyclosporine, modified 100 MG Oral Capsule',
  '835886': 'cyclosporine, modified 100 MG/ML Oral Solution',
  '835896': 'cyclosporine, modified 25 MG Oral Capsule [Gengraf]',
  '835835': 'cyclosporine, modified 100 MG Oral Capsule [Gengraf]',
  '835892': 'cyclosporine, modified 100 MG/ML Oral Solution [Gengraf]',
  '835909': 'cyclosporine, modified 25 MG Oral Capsule [Neoral]',
  '835911': 'cyclosporine, modified 100 MG Oral Capsule [Neoral]',
  '835899': 'cyclosporine, modified 100 MG/ML Oral Solution [Neoral]',
  '205175': '5 ML cyclosporine 50 MG/ML Injection',
  '212844': '5 ML cyclosporine 50 MG/ML Injection [Sandimmune]',
  '1732364': 'cyclosporine Injection',
  '1732366': 'cyclosporine Injection [Sandimmune]',
};

/** [CIBMTR] */
const MYCOPHENOLATE: Products = {
  '199058': 'mycophenolate mofetil 250 MG Oral Capsule',
  '200060': 'mycophenolate mofetil 500 MG Oral Tablet',
  '311880': 'mycophenolate mofetil 200 MG/ML Oral Suspension',
  '311881': 'mycophenolate mofetil 500 MG Injection',
  '616447': 'mycophenolate mofetil 250 MG Oral Capsule [Cellcept]',
  '616435': 'mycophenolate mofetil 500 MG Oral Tablet [Cellcept]',
  '616444': 'mycophenolate mofetil 200 MG/ML Oral Suspension [Cellcept]',
  '213394': 'mycophenolate mofetil 500 MG Injection [Cellcept]',
  '374667': 'mycophenolate mofetil Oral Tablet',
  '379060': 'mycophenolate mofetil Oral Capsule',
  '374670': 'mycophenolate mofetil Oral Suspension',
  '1726176': 'mycophenolate mofetil Injection',
  '616434': 'mycophenolate mofetil Oral Tablet [Cellcept]',
  '616446': 'mycophenolate mofetil Oral Capsule [Cellcept]',
  '616443': 'mycophenolate mofetil Oral Suspension [Cellcept]',
  '1726179': 'mycophenolate mofetil Injection [Cellcept]',
};

/** [CIBMTR], oral forms only. */
const SIROLIMUS: Products = {
  '905158': 'sirolimus 0.5 MG Oral Tablet',
  '349208': 'sirolimus 1 MG Oral Tablet',
  '360110': 'sirolimus 2 MG Oral Tablet',
  '314230': 'sirolimus 1 MG/ML Oral Solution',
  '905160': 'sirolimus 0.5 MG Oral Tablet [Rapamune]',
  '351989': 'sirolimus 1 MG Oral Tablet [Rapamune]',
  '404432': 'sirolimus 2 MG Oral Tablet [Rapamune]',
  '351901': 'sirolimus 1 MG/ML Oral Solution [Rapamune]',
  '378277': 'sirolimus Oral Tablet',
  '375278': 'sirolimus Oral Solution',
  '368672': 'sirolimus Oral Tablet [Rapamune]',
  '364904': 'sirolimus Oral Solution [Rapamune]',
};

/** [CIBMTR] */
const METHOTREXATE: Products = {
  '105585': 'methotrexate 2.5 MG Oral Tablet',
  '283511': 'methotrexate 5 MG Oral Tablet',
  '283671': 'methotrexate 7.5 MG Oral Tablet',
  '105586': 'methotrexate 10 MG Oral Tablet',
  '283510': 'methotrexate 15 MG Oral Tablet',
  '284592': 'methotrexate 5 MG Oral Tablet [Trexall]',
  '284594': 'methotrexate 7.5 MG Oral Tablet [Trexall]',
  '284593': 'methotrexate 10 MG Oral Tablet [Trexall]',
  '284595': 'methotrexate 15 MG Oral Tablet [Trexall]',
  '372836': 'methotrexate Oral Tablet',
  '368138': 'methotrexate Oral Tablet [Trexall]',
  '1921591': 'methotrexate Oral Solution',
  '1921592': 'methotrexate 2.5 MG/ML Oral Solution',
  '1921598': 'methotrexate 2.5 MG/ML Oral Solution [Xatmep]',
  '372835': 'methotrexate Injectable Solution',
  '315148': 'methotrexate 2.5 MG/ML Injectable Solution',
  '1946772': 'methotrexate 25 MG/ML Injectable Solution',
  '105589': 'methotrexate 100 MG/ML Injectable Solution',
  '311625': 'methotrexate 1000 MG Injection',
  '1655955': 'methotrexate Injection',
  '1655203': 'methotrexate Auto-Injector',
  '2377332': 'methotrexate Prefilled Syringe',
};

const BY_INGREDIENT: Readonly<Partial<Record<IngredientId, Products>>> = {
  azathioprine: AZATHIOPRINE,
  tacrolimus: TACROLIMUS,
  cyclosporine: CYCLOSPORINE,
  mycophenolate: MYCOPHENOLATE,
  sirolimus: SIROLIMUS,
  methotrexate: METHOTREXATE,
};

export interface RxnormProduct {
  ingredient: IngredientId;
  /** The product's RxNorm name, e.g. "Azathioprine 50 MG Oral Tablet". */
  name: string;
}

const PRODUCTS = new Map<string, RxnormProduct>(
  (Object.entries(BY_INGREDIENT) as [IngredientId, Products][]).flatMap(([ingredient, products]) =>
    Object.entries(products).map(([code, name]) => [code, { ingredient, name }] as const),
  ),
);

/** The product an RxNorm product code names, if it is one of ours. */
export function rxnormProduct(code: string): RxnormProduct | undefined {
  return PRODUCTS.get(code);
}

/** Every listed product code, for tests. */
export function rxnormProductCodes(): string[] {
  return [...PRODUCTS.keys()];
}
