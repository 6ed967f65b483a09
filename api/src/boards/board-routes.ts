import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { BoardListResponseSchema, BoardResponseSchema, type BoardListResponse, type BoardResponse } from './board-schema.js';
import { loadBoards } from './load-boards.js';

export interface BoardRoutesOptions {
  /** Folder of the board files (`*.yaml`, `*.yml`); read on every request, so a new or fixed file shows at once. */
  readonly boardsDir: string;
}

/**
 * `GET /api/v1/boards`: every valid board (name, title) and a problem per broken file (file, line, field, message).
 * `GET /api/v1/boards/:name`: one board, normalised; a broken file answers 400 whose error names file:line and field.
 */
export const boardRoutes: FastifyPluginAsyncTypebox<BoardRoutesOptions> = async (app, opts) => {
  const read = { auth: 'read' as const };
  app.get(
    '/api/v1/boards',
    { config: read, schema: { response: { 200: BoardListResponseSchema, ...ERROR_RESPONSES } } },
    async (): Promise<BoardListResponse> => {
      const { boards, problems } = await loadBoards(opts.boardsDir);
      return {
        status: 'success',
        data: {
          boards: boards.map((b) => ({ name: b.name, title: b.title, order: b.order, ...(b.description !== undefined ? { description: b.description } : {}) })),
          problems: [...problems],
        },
      };
    },
  );
  app.get(
    '/api/v1/boards/:name',
    {
      config: read,
      schema: { params: Type.Object({ name: Type.String() }), response: { 200: BoardResponseSchema, ...ERROR_RESPONSES } },
    },
    async (request): Promise<BoardResponse> => {
      const { name } = request.params;
      const { boards, problems } = await loadBoards(opts.boardsDir);
      const board = boards.find((b) => b.name === name);
      if (board) return { status: 'success', data: board };
      const problem = problems.find((p) => p.name === name);
      if (problem) {
        const where = `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}`;
        throw new AppError('bad_data', `board file ${where}: ${problem.field === '' ? '' : `${problem.field}: `}${problem.message}`, {
          position: { file: problem.file, ...(problem.line !== undefined ? { line: problem.line } : {}) },
        });
      }
      throw new AppError('not_found', `no board "${name}" (add ${name}.yaml to ${opts.boardsDir})`);
    },
  );
};
