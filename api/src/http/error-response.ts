import { Type, type Static } from '@sinclair/typebox';

/** Prometheus's error body, used by every route of the api: `{"status":"error","errorType":"bad_data","error":"..."}`. */
export const ErrorResponseSchema = Type.Object(
  {
    status: Type.Literal('error'),
    errorType: Type.String(),
    error: Type.String(),
  },
  { $id: 'ErrorResponse', description: 'Prometheus-style error' },
);
export type ErrorResponse = Static<typeof ErrorResponseSchema>;

/** Response schemas for the error statuses any route may send; spread into a route's `response`. */
export const ERROR_RESPONSES = {
  '4xx': ErrorResponseSchema,
  '5xx': ErrorResponseSchema,
} as const;

export function errorBody(errorType: string, error: string): ErrorResponse {
  return { status: 'error', errorType, error };
}
