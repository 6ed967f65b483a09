// Entry of the log writer thread (started by LogWriterThread): owns the LogWriter's connection and answers
// LogWriterRequests one at a time, in order.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../errors/app-error.js';
import type { LogWriterReply, LogWriterRequest, LogWriterThreadData } from './log-writer-messages.js';
import { LogWriter } from './log-writer.js';

const port = parentPort;
if (port === null) throw new Error('log-writer-worker.ts runs as a worker thread (see log-writer-thread.ts)');
const { file, sync } = workerData as LogWriterThreadData;
const writer = LogWriter.open(file, sync);

port.on('message', (req: LogWriterRequest) => {
  let reply: LogWriterReply;
  try {
    let value: unknown;
    if (req.op === 'append') value = writer.append(req.records);
    else if (req.op === 'delete') value = writer.deleteBefore(req.cutoff, req.batch);
    else {
      writer.close();
      value = null;
    }
    reply = { id: req.id, ok: true, value };
  } catch (err) {
    const appError = err instanceof AppError ? err : undefined;
    const cause = appError?.cause instanceof Error ? `: ${appError.cause.message}` : '';
    reply = { id: req.id, ok: false, code: appError?.code ?? 'internal', message: appError ? appError.message + cause : String(err) };
  }
  port.postMessage(reply);
  if (req.op === 'close') port.close();
});
