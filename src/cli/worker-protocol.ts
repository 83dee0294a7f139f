/** Messages between the main thread and the partitions of a parallel `classify` run. */
import { z } from 'zod';
import type { ReportSnapshot } from './input-report.js';

export const shardSchema = z.object({
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  span: z.number().int().positive().optional(),
});

export const workerInputSchema = z.object({
  files: z.array(z.object({ path: z.string(), kind: z.enum(['bundle', 'ndjson']) })),
  partition: z.object({
    index: z.number().int().nonnegative(),
    count: z.number().int().positive(),
    primary: z.boolean().optional(),
  }),
  /** `--shard`: only this shard's patients are assessed by the whole run. */
  shard: shardSchema.optional(),
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
  /** One `lines` message has been read: the main thread may send another, in the memory handed back. */
  z.object({ type: z.literal('lines-read'), memory: z.instanceof(ArrayBuffer) }),
  z.object({ type: z.literal('progress'), resources: z.number(), patients: z.number() }),
  z.object({ type: z.literal('read'), report: snapshotSchema, patients: z.number() }),
  /**
   * Formatted results in patient-id order: result i is `text[ends[i - 1], ends[i])` (UTF-8, ready to be
   * written), for `patientIds[i]`. Bytes cross threads without a copy and need no encoding on the way out.
   */
  z.object({
    type: z.literal('results'),
    patientIds: z.array(z.string()),
    text: z.instanceof(Uint8Array),
    ends: z.instanceof(Int32Array),
  }),
  z.object({ type: z.literal('done'), failures: z.array(z.string()) }),
]);

export type FromWorker = z.infer<typeof fromWorkerSchema>;

/**
 * The input, in reading order. The main thread reads each NDJSON file once and sends each partition the
 * lines it needs (see line-router.ts); a Bundle file each partition reads itself.
 */
export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bundle-file'), file: z.number().int().nonnegative() }),
  /**
   * Lines of one file for this partition, in file order, as read (UTF-8, each ended by a line feed at
   * its `lineEnds` offset), with their line numbers and whether the text named one of this partition's
   * patients (1) or left it to every partition (0).
   */
  z.object({
    type: z.literal('lines'),
    file: z.number().int().nonnegative(),
    bytes: z.instanceof(Uint8Array),
    lineEnds: z.instanceof(Int32Array),
    lineNumbers: z.instanceof(Int32Array),
    namedHere: z.instanceof(Uint8Array),
  }),
  /** A line of an NDJSON file longer than the limit, skipped unread (sent to the first partition only). */
  z.object({
    type: z.literal('line-too-long'),
    file: z.number().int().nonnegative(),
    line: z.number().int().positive(),
  }),
  /** The end of an NDJSON file; `error` when it could not be read to the end. */
  z.object({
    type: z.literal('ndjson-end'),
    file: z.number().int().nonnegative(),
    error: z.string().optional(),
  }),
  /** Every file has been sent: assess and send the results. */
  z.object({ type: z.literal('end') }),
  /**
   * After `done`: read and assess another spill partition in the same thread, warm (its code compiled and
   * optimised), with a new cohort. `primary` and `shard` replace those of the worker input.
   */
  z.object({
    type: z.literal('next-partition'),
    primary: z.boolean().optional(),
    shard: shardSchema.optional(),
  }),
  /** A results batch has been written (flow control of the results). */
  z.object({ type: z.literal('results-written') }),
]);

export type ToWorker = z.infer<typeof toWorkerSchema>;
export type LinesMessage = Extract<ToWorker, { type: 'lines' }>;
