import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { parseTime } from '../read-api/prom-params.js';
import type { Correction } from './budget-corrections.js';
import type { SqliteBudgetCorrections } from './sqlite-budget-corrections.js';

/** What the routes use: the corrections store, and which SLOs exist. */
export interface CorrectionsSource {
  readonly store: Pick<SqliteBudgetCorrections, 'list' | 'get' | 'add' | 'delete'>;
  /** True when an SLO of that name is loaded (corrections of unknown SLOs are refused). */
  readonly sloExists: (name: string) => boolean;
}

export interface CorrectionsRoutesOptions {
  /** None: the routes answer 503. */
  readonly corrections?: CorrectionsSource;
  readonly now?: () => number;
}

/** Longest description kept. */
const MAX_DESCRIPTION = 1000;

const TimeInput = Type.Union([Type.String({ minLength: 1 }), Type.Number()], { description: 'RFC 3339 or Unix seconds' });
export const PostCorrectionSchema = Type.Object(
  {
    start: TimeInput,
    end: TimeInput,
    description: Type.String({ maxLength: MAX_DESCRIPTION, description: 'why, e.g. "planned maintenance, CHG-1234"' }),
  },
  { additionalProperties: false },
);
export type PostCorrection = Static<typeof PostCorrectionSchema>;

export const CorrectionSchema = Type.Object({
  id: Type.String(),
  slo: Type.String(),
  start: Type.String({ description: 'RFC 3339' }),
  end: Type.String({ description: 'RFC 3339' }),
  description: Type.String(),
  createdAt: Type.String({ description: 'RFC 3339' }),
});
export type CorrectionJson = Static<typeof CorrectionSchema>;

const CorrectionResponseSchema = Type.Object({ status: Type.Literal('success'), data: CorrectionSchema });
const CorrectionsResponseSchema = Type.Object({ status: Type.Literal('success'), data: Type.Array(CorrectionSchema) });
const DeletedResponseSchema = Type.Object({ status: Type.Literal('success'), data: Type.Object({ deleted: Type.String() }) });

const NameParams = Type.Object({ name: Type.String({ minLength: 1 }) });
const IdParams = Type.Object({ name: Type.String({ minLength: 1 }), id: Type.String({ minLength: 1 }) });

export function correctionJson(c: Correction): CorrectionJson {
  return {
    id: c.id,
    slo: c.slo,
    start: new Date(c.start).toISOString(),
    end: new Date(c.end).toISOString(),
    description: c.description,
    createdAt: new Date(c.createdAt).toISOString(),
  };
}

/**
 * Budget corrections of an SLO: `GET /api/v1/slos/:name/corrections` (read), `POST` (write scope; body
 * `{start, end, description}`, times RFC 3339 or Unix seconds; answers 201 with the correction and its id) and
 * `DELETE /api/v1/slos/:name/corrections/:id` (write scope).
 */
export const correctionsRoutes: FastifyPluginAsyncTypebox<CorrectionsRoutesOptions> = async (app, opts) => {
  const now = opts.now ?? Date.now;
  const need = (name: string): CorrectionsSource => {
    if (!opts.corrections) throw new AppError('unavailable', 'budget corrections are not enabled in this api');
    if (!opts.corrections.sloExists(name)) throw new AppError('not_found', `no SLO named "${name}"`);
    return opts.corrections;
  };

  app.get(
    '/api/v1/slos/:name/corrections',
    { config: { auth: 'read' }, schema: { params: NameParams, response: { 200: CorrectionsResponseSchema, ...ERROR_RESPONSES } } },
    async (req) => ({ status: 'success' as const, data: need(req.params.name).store.list(req.params.name).map(correctionJson) }),
  );

  app.post(
    '/api/v1/slos/:name/corrections',
    { config: { auth: 'write' }, schema: { params: NameParams, body: PostCorrectionSchema, response: { 201: CorrectionResponseSchema, ...ERROR_RESPONSES } } },
    async (req, reply) => {
      const src = need(req.params.name);
      const start = timeOf(req.body.start, 'start');
      const end = timeOf(req.body.end, 'end');
      if (!(end > start)) throw new AppError('bad_data', `invalid parameter "end": must be after "start" (${new Date(start).toISOString()})`);
      const c = src.store.add({ slo: req.params.name, start, end, description: req.body.description }, now());
      req.log.info({ slo: c.slo, id: c.id, start: c.start, end: c.end }, 'budget correction added');
      return reply.code(201).send({ status: 'success' as const, data: correctionJson(c) });
    },
  );

  app.delete(
    '/api/v1/slos/:name/corrections/:id',
    { config: { auth: 'write' }, schema: { params: IdParams, response: { 200: DeletedResponseSchema, ...ERROR_RESPONSES } } },
    async (req) => {
      const src = need(req.params.name);
      if (!src.store.delete(req.params.name, req.params.id)) throw new AppError('not_found', `SLO "${req.params.name}" has no correction ${req.params.id}`);
      req.log.info({ slo: req.params.name, id: req.params.id }, 'budget correction deleted');
      return { status: 'success' as const, data: { deleted: req.params.id } };
    },
  );
};

function timeOf(v: string | number, field: string): number {
  const t = typeof v === 'number' ? (Number.isFinite(v) ? Math.round(v * 1000) : undefined) : parseTime(v);
  if (t === undefined) throw new AppError('bad_data', `invalid parameter "${field}": cannot parse ${JSON.stringify(v)} to a valid timestamp (RFC 3339 or Unix seconds)`);
  return t;
}
