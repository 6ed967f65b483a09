// Shared settings of the k6 suites: the api under test and the token, from k6's environment.
export const BASE_URL: string = __ENV.BASE_URL || 'http://127.0.0.1:8080';
export const TOKEN: string = __ENV.API_TOKEN || '';

export function authHeaders(): Record<string, string> {
  return TOKEN ? { Authorization: `Bearer ${TOKEN}` } : {};
}
