import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AlertSnapshot } from '../alerting/alert.js';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { alertJson, groupJson } from './rules-json.js';
import type { RuleGroup } from './rule-group.js';
import type { ReloadResult } from './rule-manager.js';
import {
  PromAlertsResponseSchema,
  PromRulesResponseSchema,
  ReloadResponseSchema,
  type PromAlertsResponse,
  type PromRulesResponse,
  type ReloadResponse,
} from './rules-api-schemas.js';

/** What the routes read: the RuleManager, or nothing (no rules: empty answers, like a Prometheus without rule files). */
export interface RulesSource {
  ruleGroups(): readonly RuleGroup[];
  activeAlerts(): readonly AlertSnapshot[];
  reload(): Promise<ReloadResult>;
}

export interface RulesRoutesOptions {
  readonly rules?: RulesSource;
}

const RulesParams = Type.Object({ type: Type.Optional(Type.String({ description: '"alert" or "record"' })) }, { additionalProperties: true });

/**
 * `GET /api/v1/rules` (optionally `type=alert|record`) and `GET /api/v1/alerts` in Prometheus's shapes (what
 * Grafana's alert views call), and `POST /-/reload` (admin scope): re-read the rule files; a bad set of files is
 * answered 400 with every problem, and the previous rules stay in force.
 */
export const rulesRoutes: FastifyPluginAsyncTypebox<RulesRoutesOptions> = async (app, opts) => {
  const read = { auth: 'read' as const };
  app.get(
    '/api/v1/rules',
    { config: read, schema: { querystring: RulesParams, response: { 200: PromRulesResponseSchema, ...ERROR_RESPONSES } } },
    async (request): Promise<PromRulesResponse> => {
      const type = (request.query.type ?? '').toLowerCase();
      if (type !== '' && type !== 'alert' && type !== 'record') {
        throw new AppError('bad_data', `invalid parameter "type": not supported value ${JSON.stringify(type)}`);
      }
      const groups = (opts.rules?.ruleGroups() ?? []).map((g) => groupJson(g, type === '' || type === 'alert', type === '' || type === 'record'));
      return { status: 'success', data: { groups } };
    },
  );
  app.get(
    '/api/v1/alerts',
    { config: read, schema: { response: { 200: PromAlertsResponseSchema, ...ERROR_RESPONSES } } },
    async (): Promise<PromAlertsResponse> => ({ status: 'success', data: { alerts: (opts.rules?.activeAlerts() ?? []).map(alertJson) } }),
  );
  app.post(
    '/-/reload',
    { config: { auth: 'admin' as const }, schema: { response: { 200: ReloadResponseSchema, 400: ReloadResponseSchema, ...ERROR_RESPONSES } } },
    async (_request, reply): Promise<ReloadResponse> => {
      if (!opts.rules) throw new AppError('unavailable', 'the rule engine is not running');
      const r = await opts.rules.reload();
      const data = { files: [...r.files], groups: r.groups, rules: r.rules, problems: r.problems.map((p) => ({ ...p, line: p.line })) };
      if (r.success) return { status: 'success', data };
      reply.code(400);
      return { status: 'error', errorType: 'bad_data', error: `rule files rejected, previous rules kept:\n${r.error ?? ''}`, data };
    },
  );
};
