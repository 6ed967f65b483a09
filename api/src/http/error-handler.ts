import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { errorBody } from './error-response.js';

/** Fastify's own error codes we translate into the api's error types. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'bad_data',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_data',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_data',
};

/**
 * The one error handler: AppError -> its status and code; schema validation errors -> 400 bad_data; other
 * 4xx errors keep their status; everything else is a 500 whose details are logged, never sent.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.statusCode >= 500 && err.code === 'internal') {
        request.log.error({ err }, 'internal error');
        return reply.code(err.statusCode).send(errorBody('internal', 'internal server error'));
      }
      if (err.statusCode >= 500) request.log.warn({ err: { message: err.message, code: err.code } }, 'request failed');
      return reply.code(err.statusCode).send(errorBody(err.code, err.message));
    }
    if (err.validation) {
      return reply.code(400).send(errorBody('bad_data', `invalid parameter: ${err.message}`));
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(errorBody(FASTIFY_CODES[err.code] ?? 'bad_data', err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(status >= 500 && status < 600 ? status : 500).send(errorBody('internal', 'internal server error'));
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    return reply.code(404).send(errorBody('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
