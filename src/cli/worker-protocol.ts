/** Messages between the main thread and the partitions of a parallel `classify` run. */
import { z } from 'zod';
import type { ReportSnapshot } from './input-report.js';

export const workerInputSchema = z.object({
  files: z.array(z.object({ path: z.string(), kind: z.enum(['bundle', 'ndjson']) })),
  partition: z.object({ index: z.number().int().nonnegative(), count: z.number().int().positive() }),
  asOf: z.string(),
  format: z.enum(['ndjson', 'csv']),
  siteCodes: z.record(
    z.string(),
    z.enum(['alt', 'ast', 'igg', 'egfr', 'inr', 'wbc', 'tgn6', 'mmp6', 'tacrolimus-trough', 'weight']),
  ),
  site: z.object({
    defaultUln: z
      .object({ altMale: z.number(), altFemale: z.number(), ast: z.number(), igg: z.number() })
      .optional(),
  }),
});

export type WorkerInput = z.infer<typeof workerInputSchema>;

const issueSchema = z.object({ file: z.string(), position: z.number(), text: z.string() });
const snapshotSchema = z.object({
  resources: z.number(),
  filesRead: z.number(),
  unreadableFiles: z.number(),
  invalidItems: z.number(),
  serverMessages: z.number(),
  ignoredTypes: z.array(z.tuple([z.string(), z.number()])),
  invalidByFile: z.array(z.tuple([z.string(), z.number()])),
  issues: z.array(issueSchema),
}) satisfies z.ZodType<ReportSnapshot>;

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), resources: z.number(), patients: z.number() }),
  z.object({ type: z.literal('read'), report: snapshotSchema, patients: z.number() }),
  /** Formatted results `[patientId, text]`, in patient-id order. */
  z.object({ type: z.literal('results'), items: z.array(z.tuple([z.string(), z.string()])) }),
  z.object({ type: z.literal('done'), failures: z.array(z.string()) }),
]);

export type FromWorker = z.infer<typeof fromWorkerSchema>;
