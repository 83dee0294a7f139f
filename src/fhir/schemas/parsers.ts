/**
 * The schemas the mapper validates each resource with, looked up here on every call so that a host
 * validating a whole cohort (the CLI) can put zod's compiled copies in their place: the same zod
 * schemas, with the same results and the same messages (a compiled parser hands every input it would
 * refuse to the runtime parser), in about a third of the time. The browser app keeps the runtime
 * parsers and so does not ship zod's compiler.
 */
import type { z } from '../../zod.js';
import { allergyIntoleranceSchema } from './allergy-intolerance.js';
import { bundleSchema } from './bundle.js';
import { conditionSchema } from './condition.js';
import {
  medicationAdministrationSchema,
  medicationDispenseSchema,
  medicationRequestSchema,
  medicationSchema,
  medicationStatementSchema,
} from './medication.js';
import { observationCodeSchema, observationWithoutCodeSchema } from './observation.js';
import { operationOutcomeSchema } from './operation-outcome.js';
import { patientSchema } from './patient.js';
import { procedureSchema } from './procedure.js';

export const resourceParsers = {
  allergyIntolerance: allergyIntoleranceSchema,
  bundle: bundleSchema,
  condition: conditionSchema,
  medication: medicationSchema,
  medicationAdministration: medicationAdministrationSchema,
  medicationDispense: medicationDispenseSchema,
  medicationRequest: medicationRequestSchema,
  medicationStatement: medicationStatementSchema,
  observationCode: observationCodeSchema,
  observationWithoutCode: observationWithoutCodeSchema,
  operationOutcome: operationOutcomeSchema,
  patient: patientSchema,
  procedure: procedureSchema,
};

/** zod's `compile`, passed in by the host so that only a host that wants it loads the compiler. */
export type SchemaCompiler = <S extends z.core.$ZodType>(schema: S) => S;

let compiled = false;

/** Puts compiled copies of the schemas in place (once; later calls change nothing). */
export function useCompiledParsers(compile: SchemaCompiler): void {
  if (compiled) return;
  compiled = true;
  compileEach(resourceParsers, compile);
}

function compileEach<T extends Record<string, z.core.$ZodType>>(schemas: T, compile: SchemaCompiler): void {
  for (const key of Object.keys(schemas) as (keyof T)[]) schemas[key] = compile(schemas[key]);
}
