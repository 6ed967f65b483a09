import { expect } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { parseQuery } from './parse-query.js';

/** Test helper: parses `q`, requires a bad_data AppError and returns it. */
export function expectParseError(q: string): AppError {
  try {
    parseQuery(q);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('bad_data');
    return err as AppError;
  }
  throw new Error(`expected ${q} to fail`);
}
