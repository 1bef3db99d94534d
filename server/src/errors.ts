/**
 * Services throw these; one error handler turns them into `{ error: { code, message, details? } }`
 * with the status code. Messages are bilingual, Vietnamese first, because the API's callers are
 * both the SPA and other systems.
 *
 * The `code` is the contract: the SPA translates a reply by its code (with `details` filling the
 * blanks) and shows the message only for a code it does not know. Each class has a default code;
 * a refusal a person will read gets a specific one, either through its own class below (so a
 * throw site changes by one word) or through the constructor's last argument.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown, code = 'validation_error') {
    super(400, code, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, code = 'not_found', details?: unknown) {
    super(404, code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Chưa đăng nhập / Not signed in', code = 'unauthorized') {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, details?: unknown, code = 'forbidden') {
    super(403, code, message, details);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown, code = 'conflict') {
    super(409, code, message, details);
  }
}

export class UnprocessableError extends AppError {
  constructor(message: string, details?: unknown, code = 'unprocessable') {
    super(422, code, message, details);
  }
}

// Refusals a person reads, each with its own code. `details` carries what the translation names.

/** A unit outside the caller's scope; details `{ unit }` (its code). */
export class NoAccessError extends ForbiddenError {
  constructor(message: string, details?: { unit: string }) {
    super(message, details, 'no_access');
  }
}

/** The caller's role may not do this at all. */
export class RoleForbiddenError extends ForbiddenError {
  constructor(message: string) {
    super(message, undefined, 'role_forbidden');
  }
}

/** Writing a report of a unit the caller does not report (or decide) for. */
export class NotYourReportError extends ForbiddenError {
  constructor(message: string) {
    super(message, undefined, 'not_your_report');
  }
}

/** A write in a period that is not open for reports (not started, or already closed). */
export class PeriodNotOpenError extends ForbiddenError {
  constructor(message: string, details?: { period: string }) {
    super(message, details, 'period_not_open');
  }
}

/** A write in a period whose reports are locked until the secretariat reopens them. */
export class PeriodLockedError extends ForbiddenError {
  constructor(message: string, details?: { period: string }) {
    super(message, details, 'period_locked');
  }
}

/** The report moved on since the caller read it; details `{ currentVersion, changes, … }`. */
export class StaleVersionError extends ConflictError {
  constructor(message: string, details?: unknown) {
    super(message, details, 'stale_version');
  }
}

/** The report's state does not allow this; details `{ state }`. */
export class ReportStateError extends ConflictError {
  constructor(message: string, details?: { state: string }) {
    super(message, details, 'report_state');
  }
}

/** Only a report waiting for review can be recalled, approved or returned; details `{ state }`. */
export class ReportNotWaitingError extends ConflictError {
  constructor(message: string, details?: { state: string }) {
    super(message, details, 'report_not_waiting');
  }
}

/** Figures that do not pass the rules; details `{ errors: [{ kpi, field, code, params, message }] }` (report-api.ts `fieldErrorSchema`). */
export class InvalidFiguresError extends ValidationError {
  constructor(message: string, details?: unknown) {
    super(message, details, 'invalid_figures');
  }
}

/** An upload that is not an XLSX or CSV file, or one that cannot be read as one. */
export class NotASpreadsheetError extends ValidationError {
  constructor(message: string) {
    super(message, undefined, 'not_a_spreadsheet');
  }
}
