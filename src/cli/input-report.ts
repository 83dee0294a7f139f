/**
 * What reading the input met: counts for the summary and the exit code, and `file:line: reason` messages on
 * stderr. Messages are capped per file so a broken million-line file cannot flood the terminal; the count
 * of the rest is still reported. Messages name positions and resource types, never patient data.
 * In a parallel run each partition collects its messages and counts, and the main thread merges them.
 */
import type { AddOutcome } from './cohort.js';

export interface MessageSink {
  write(text: string): unknown;
}

export const MESSAGES_PER_FILE = 20;

/** A message kept for later: `position` (line or entry number) orders the messages of one file. */
export interface ReportedIssue {
  file: string;
  position: number;
  text: string;
}

/** Everything a partition's report holds, as plain data that can cross threads. */
export interface ReportSnapshot {
  resources: number;
  filesRead: number;
  unreadableFiles: number;
  invalidItems: number;
  serverMessages: number;
  ignoredTypes: [string, number][];
  invalidByFile: [string, number][];
  issues: ReportedIssue[];
}

export class InputReport {
  resources = 0;
  filesRead = 0;
  unreadableFiles = 0;
  invalidItems = 0;
  serverMessages = 0;
  readonly ignoredTypes = new Map<string, number>();
  private readonly invalidByFile = new Map<string, number>();
  private readonly issues: ReportedIssue[] = [];

  /** @param collect keep messages for {@link snapshot} instead of writing them (a partition of a parallel run). */
  constructor(
    private readonly stderr: MessageSink,
    private readonly collect = false,
  ) {}

  /** Something at `where` (a file, `file:line` or `file: entry N`) that could not be used. */
  invalid(file: string, where: string, reason: string, position = 0): void {
    this.invalidItems += 1;
    const count = (this.invalidByFile.get(file) ?? 0) + 1;
    this.invalidByFile.set(file, count);
    if (count <= MESSAGES_PER_FILE) this.emit({ file, position, text: `${where}: ${reason}\n` });
  }

  unreadable(message: string, file = ''): void {
    this.unreadableFiles += 1;
    this.emit({ file, position: -1, text: `${message}\n` });
  }

  /** Records what happened to one resource: only problems and skipped types need reporting. */
  account(outcome: AddOutcome, file: string, where: string, position = 0): void {
    if (outcome.kind === 'invalid') this.invalid(file, where, outcome.reason, position);
    else if (outcome.kind === 'ignored-type') this.ignoredType(outcome.resourceType);
    else if (outcome.kind === 'server-message') this.serverMessages += 1;
  }

  ignoredType(resourceType: string, count = 1): void {
    this.ignoredTypes.set(resourceType, (this.ignoredTypes.get(resourceType) ?? 0) + count);
  }

  snapshot(): ReportSnapshot {
    return {
      resources: this.resources,
      filesRead: this.filesRead,
      unreadableFiles: this.unreadableFiles,
      invalidItems: this.invalidItems,
      serverMessages: this.serverMessages,
      ignoredTypes: [...this.ignoredTypes],
      invalidByFile: [...this.invalidByFile],
      issues: [...this.issues],
    };
  }

  /**
   * Adds the partitions' reports: every partition read every file, so files read is the same in each; the
   * rest are sums. Messages are written in file order (`files`), then by position, capped per file.
   */
  absorb(snapshots: readonly ReportSnapshot[], files: readonly string[]): void {
    const issues = snapshots.flatMap((s) => s.issues);
    const fileOrder = (file: string): number => files.indexOf(file);
    issues.sort((a, b) => fileOrder(a.file) - fileOrder(b.file) || a.position - b.position);
    const shown = new Map<string, number>();
    for (const issue of issues) {
      const count = (shown.get(issue.file) ?? 0) + 1;
      shown.set(issue.file, count);
      if (issue.position < 0 || count <= MESSAGES_PER_FILE) this.stderr.write(issue.text);
    }
    for (const s of snapshots) {
      this.resources += s.resources;
      this.filesRead = Math.max(this.filesRead, s.filesRead);
      this.unreadableFiles += s.unreadableFiles;
      this.invalidItems += s.invalidItems;
      this.serverMessages += s.serverMessages;
      for (const [type, count] of s.ignoredTypes) this.ignoredType(type, count);
      for (const [file, count] of s.invalidByFile) {
        this.invalidByFile.set(file, (this.invalidByFile.get(file) ?? 0) + count);
      }
    }
  }

  /** After reading: the per-file totals that the cap did not show, and other things worth knowing. */
  writeClosingNotes(): void {
    for (const [file, count] of this.invalidByFile) {
      if (count > MESSAGES_PER_FILE) {
        this.stderr.write(
          `${file}: ${count} invalid lines or entries in all (first ${MESSAGES_PER_FILE} shown)\n`,
        );
      }
    }
    if (this.serverMessages > 0) {
      this.stderr.write(
        `note: ${this.serverMessages} OperationOutcome resource(s) not attached to a patient (server or export messages)\n`,
      );
    }
  }

  get hasInvalidInput(): boolean {
    return this.invalidItems > 0 || this.unreadableFiles > 0;
  }

  private emit(issue: ReportedIssue): void {
    if (this.collect) this.issues.push(issue);
    else this.stderr.write(issue.text);
  }
}
