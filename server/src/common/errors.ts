// Errors that carry a stable machine code and their HTTP status; the one HTTP error handler
// renders them as { error: { code, message } }. Messages are written for a person to act on.

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHORIZED'
  | 'INVALID_CREDENTIALS'
  | 'FORBIDDEN'
  | 'CSRF_TOKEN_INVALID'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'SETUP_ALREADY_DONE'
  | 'EMAIL_TAKEN'
  | 'ALREADY_A_MEMBER'
  | 'LAST_OWNER'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'BAD_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'URI_TOO_LONG'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'SERVICE_UNAVAILABLE'
  | 'CONNECTION_NOT_READY'
  | 'CONTRACT_NOT_FOUND'
  | 'INSTRUMENT_NOT_SUPPORTED'
  | 'IB_ERROR'
  // Trading controls (domain/trading-controls.ts): enabling execution, resuming trading.
  | 'MIXED_MODE_LOGIN'
  | 'ACCOUNT_MODE_UNKNOWN'
  | 'PAPER_FILL_REQUIRED'
  | 'OWNER_REQUIRED'
  | 'ACCOUNTS_NOT_SEEN'
  | 'ACCOUNT_NOT_CHOSEN'
  | 'CONFIRM_ACCOUNT_REQUIRED'
  | 'CONFIRM_ACCOUNT_MISMATCH'
  | 'EXECUTION_MODE_MISMATCH'
  // Execution: a modification the risk gate denied.
  | 'RISK_DENIED'
  // Intake: an idempotency key sent again with another signal.
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INTERNAL';

export class KairoxError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    /** Safe, structured context for the client (never secrets). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends KairoxError {
  constructor(message: string, readonly field?: string) {
    super('VALIDATION_FAILED', 400, message, field === undefined ? undefined : { field });
  }
}

export class BadRequest extends KairoxError {
  constructor(message: string, code: 'BAD_REQUEST' | 'UNSUPPORTED_MEDIA_TYPE' = 'BAD_REQUEST', status = code === 'BAD_REQUEST' ? 400 : 415) {
    super(code, status, message);
  }
}

export class Unauthorized extends KairoxError {
  constructor(message = 'Sign in or send a valid API token (Authorization: Bearer kx_...).', code: 'UNAUTHORIZED' | 'INVALID_CREDENTIALS' = 'UNAUTHORIZED') {
    super(code, 401, message);
  }
}

export class Forbidden extends KairoxError {
  constructor(message: string, code: 'FORBIDDEN' | 'CSRF_TOKEN_INVALID' = 'FORBIDDEN') {
    super(code, 403, message);
  }
}

export class NotFound extends KairoxError {
  constructor(what: string) {
    super('NOT_FOUND', 404, `${what} was not found.`);
  }
}

export class Conflict extends KairoxError {
  constructor(message: string, code: 'CONFLICT' | 'SETUP_ALREADY_DONE' | 'EMAIL_TAKEN' | 'ALREADY_A_MEMBER' | 'LAST_OWNER' = 'CONFLICT') {
    super(code, 409, message);
  }
}

export class PayloadTooLarge extends KairoxError {
  constructor(limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', 413, `The request body is larger than the ${Math.round(limitBytes / 1024)} KiB limit.`);
  }
}

export class RateLimited extends KairoxError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 429, `Too many attempts; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}
