/** The one error type of the api: a machine-readable code, an HTTP status and, for parse errors, a position. */
export type ErrorCode =
  | 'bad_data'
  | 'timeout'
  | 'canceled'
  | 'execution'
  | 'internal'
  | 'unavailable'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'too_large';

const STATUS: Record<ErrorCode, number> = {
  bad_data: 400,
  timeout: 503,
  canceled: 499,
  execution: 422,
  internal: 500,
  unavailable: 503,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  too_large: 413,
};

export interface ErrorPosition {
  readonly line?: number;
  readonly column?: number;
  readonly offset?: number;
  readonly file?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly position?: ErrorPosition;

  constructor(code: ErrorCode, message: string, options: { position?: ErrorPosition; statusCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.statusCode = options.statusCode ?? STATUS[code];
    this.position = options.position;
  }
}
