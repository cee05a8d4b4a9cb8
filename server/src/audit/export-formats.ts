// The audit trail as files: JSONL (one event a line, exactly as GET /api/audit shows it) and CSV
// (fixed columns, RFC 4180). Both carry seq, prevHash and hash, so an export can be checked offline.
import type { AuditEvent } from './audit-log.ts';
import { canonicalJson } from './chain.ts';

export const AUDIT_EXPORT_FORMATS = ['jsonl', 'csv'] as const;

export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export const AUDIT_EXPORT_CONTENT_TYPES: Readonly<Record<AuditExportFormat, string>> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

export const AUDIT_CSV_COLUMNS = [
  'seq', 'id', 'occurredAt', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'requestId', 'data', 'prevHash', 'hash',
] as const;

const CRLF = '\r\n';

export function jsonlLine(event: AuditEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or tab / CR) as a formula, e.g.
 * =HYPERLINK(...); such a cell gets a leading apostrophe. A cell that already starts with one gets
 * another, so removing exactly one leading apostrophe always gives the value back.
 */
const FORMULA_START = /^[=+\-@\t\r']/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return AUDIT_CSV_COLUMNS.join(',') + CRLF;
}

/** One event as a CSV record; empty cells are nulls, data is its canonical JSON (the hashed text). */
export function csvRow(event: AuditEvent): string {
  const cells: Record<(typeof AUDIT_CSV_COLUMNS)[number], string | number | null> = {
    seq: event.seq,
    id: event.id,
    occurredAt: event.occurredAt,
    actorType: event.actor.type,
    actorId: event.actor.id,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    requestId: event.requestId,
    data: canonicalJson(event.data),
    prevHash: event.prevHash,
    hash: event.hash,
  };
  return AUDIT_CSV_COLUMNS.map((column) => csvCell(cells[column])).join(',') + CRLF;
}

/** The whole file, a chunk per batch of events (the header first for CSV). */
export async function* exportChunks(format: AuditExportFormat, batches: AsyncIterable<AuditEvent[]>): AsyncGenerator<string> {
  const line = format === 'jsonl' ? jsonlLine : csvRow;
  if (format === 'csv') yield csvHeader();
  for await (const batch of batches) yield batch.map(line).join('');
}
