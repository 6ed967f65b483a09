import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { parseDuration } from '../config/duration.js';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { parseTime } from '../read-api/prom-params.js';
import {
  SloDetailResponseSchema,
  SloHistoryResponseSchema,
  SloListResponseSchema,
  type SloDetailResponse,
  type SloHistoryResponse,
  type SloListResponse,
} from './slo-api-schemas.js';
import { formatSloFileProblem } from './slo-definition.js';
import { sloDetailJson, sloJson } from './slo-json.js';
import type { SloManager } from './slo-manager.js';

/** What the routes read: the SloManager (or nothing: no SLOs). */
export type SloSource = Pick<SloManager, 'statuses' | 'status' | 'history' | 'sliceMs' | 'lastReload'>;

export interface SloRoutesOptions {
  readonly slos?: SloSource;
  readonly now?: () => number;
}

/** At most this many points per history series (as Prometheus's 11,000-point limit of range queries). */
const MAX_HISTORY_POINTS = 11_000;
/** Default number of points of a burn-down chart over one window. */
const DEFAULT_HISTORY_POINTS = 300;

const NameParams = Type.Object({ name: Type.String({ minLength: 1 }) });
const HistoryQuery = Type.Object(
  {
    start: Type.Optional(Type.String({ description: 'Unix seconds or RFC 3339; default: one window before end' })),
    end: Type.Optional(Type.String({ description: 'Unix seconds or RFC 3339; default: the last evaluation' })),
    step: Type.Optional(Type.String({ description: 'a duration (5m) or seconds; default: the window / 300, at least one slice' })),
  },
  { additionalProperties: true },
);

/**
 * `GET /api/v1/slos` (every SLO with its status), `GET /api/v1/slos/:name` (one SLO with its queries and alerting
 * options) and `GET /api/v1/slos/:name/history?start=&end=&step=` (the burn-down: error budget remaining over time).
 */
export const sloRoutes: FastifyPluginAsyncTypebox<SloRoutesOptions> = async (app, opts) => {
  const read = { auth: 'read' as const };
  const now = opts.now ?? Date.now;
  const get = (name: string): NonNullable<ReturnType<SloSource['status']>> => {
    const s = opts.slos?.status(name);
    if (!s) throw new AppError('not_found', `no SLO named "${name}"`);
    return s;
  };

  app.get('/api/v1/slos', { config: read, schema: { response: { 200: SloListResponseSchema, ...ERROR_RESPONSES } } }, async (): Promise<SloListResponse> => {
    const slos = (opts.slos?.statuses() ?? []).map(sloJson);
    const problems = (opts.slos?.lastReload()?.problems ?? []).map(formatSloFileProblem);
    return { status: 'success', data: { slos, problems } };
  });

  app.get(
    '/api/v1/slos/:name',
    { config: read, schema: { params: NameParams, response: { 200: SloDetailResponseSchema, ...ERROR_RESPONSES } } },
    async (request): Promise<SloDetailResponse> => ({ status: 'success', data: sloDetailJson(get(request.params.name)) }),
  );

  app.get(
    '/api/v1/slos/:name/history',
    { config: read, schema: { params: NameParams, querystring: HistoryQuery, response: { 200: SloHistoryResponseSchema, ...ERROR_RESPONSES } } },
    async (request): Promise<SloHistoryResponse> => {
      const s = get(request.params.name);
      const q = request.query;
      const sliceMs = opts.slos?.sliceMs(s.definition.name) ?? 60_000;
      const end = q.end !== undefined ? time('end', q.end) : (s.evaluatedAt ?? now());
      const period = s.periodMs ?? (s.definition.window.kind === 'rolling' ? s.definition.window.ms : 30 * 86_400_000);
      const start = q.start !== undefined ? time('start', q.start) : end - period;
      if (end < start) throw new AppError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
      let stepMs = q.step !== undefined ? step(q.step) : Math.max(sliceMs, Math.ceil(period / DEFAULT_HISTORY_POINTS / sliceMs) * sliceMs);
      if (q.step === undefined) stepMs = Math.max(stepMs, Math.ceil((end - start) / MAX_HISTORY_POINTS));
      if ((end - start) / stepMs + 1 > MAX_HISTORY_POINTS) {
        throw new AppError('bad_data', `exceeded maximum resolution of ${MAX_HISTORY_POINTS} points per series: try a larger step`);
      }
      const series = (opts.slos?.history(s.definition.name, start, end, stepMs) ?? []).map((h) => ({
        labels: { ...h.labels },
        points: h.points.map((p) => ({ t: p.t, sli: p.sli === undefined || !Number.isFinite(p.sli) ? null : p.sli, remaining: p.remaining, consumed: p.consumed })),
      }));
      return { status: 'success', data: { name: s.definition.name, start, end, stepMs, series } };
    },
  );
};

function time(name: string, text: string): number {
  const ms = parseTime(text);
  if (ms === undefined) throw new AppError('bad_data', `invalid parameter "${name}": cannot parse ${JSON.stringify(text)} to a valid timestamp`);
  return ms;
}

function step(text: string): number {
  let ms: number;
  if (/^(\d+\.?\d*|\.\d+)$/.test(text)) ms = Math.trunc(Number(text) * 1000);
  else {
    try {
      ms = parseDuration(text);
    } catch {
      throw new AppError('bad_data', `invalid parameter "step": cannot parse ${JSON.stringify(text)} to a valid duration`);
    }
  }
  if (!(ms > 0)) throw new AppError('bad_data', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
  return ms;
}
