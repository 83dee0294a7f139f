/**
 * zod for the schemas the browser runs (the SMART launch, the app, the FHIR reader): zod's tree-shakable
 * API ("zod/mini"), which puts a third of the classic API's JavaScript before the card, with the same
 * English messages as the classic API, so data-quality notes read the same everywhere.
 */
import * as z from 'zod/mini';

z.config(z.locales.en());

export { z };
