import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

/**
 * An AbortSignal that fires when the client goes away before its reply is written (Prometheus cancels the
 * query's context the same way). Watches the response's `close`: it fires after a normal reply too, but then
 * the reply has been written and nothing is aborted.
 */
export function clientAbortSignal(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const onClose = (): void => {
    if (!reply.raw.writableFinished) controller.abort(new AppError('canceled', 'query was canceled in query execution'));
  };
  reply.raw.once('close', onClose);
  request.raw.once('aborted', onClose);
  return controller.signal;
}

/**
 * Settles with `work`, or rejects with a `canceled` error as soon as `signal` aborts, so the handler returns
 * (and the request is logged and counted) without waiting for an engine that does not check the signal often.
 * Prometheus 2.42 answers `canceled` with 503; nobody reads it, and this api keeps AppError's 499 ("client
 * closed request") so its own `http_requests_total` does not count a client's disconnect as a server error.
 */
export async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw canceledError(signal);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(canceledError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    // `work` may still reject after the race is lost; that rejection has no one left to tell.
    work.catch(() => undefined);
  }
}

function canceledError(signal: AbortSignal): AppError {
  return signal.reason instanceof AppError ? signal.reason : new AppError('canceled', 'query was canceled in query execution');
}
