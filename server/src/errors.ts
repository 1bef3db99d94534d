/**
 * Services throw these; one error handler turns them into `{ error: { code, message } }` with the
 * status code. Messages are bilingual, Vietnamese first, because the API's callers are both the
 * SPA and other systems.
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
  constructor(message: string, details?: unknown) {
    super(400, 'validation_error', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, code = 'not_found', details?: unknown) {
    super(404, code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Chưa đăng nhập / Not signed in') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super(409, 'conflict', message, details);
  }
}

export class UnprocessableError extends AppError {
  constructor(message: string, details?: unknown) {
    super(422, 'unprocessable', message, details);
  }
}
