// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogRecord } from '../../api/types.js';
import { RefreshProvider } from '../../shell/refresh-context.js';
import LogsPage from './logs-page.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const RECORD: LogRecord = {
  id: 'r1',
  timestamp: Date.UTC(2026, 10, 24, 10, 0, 0, 123),
  level: 'error',
  message: 'payment timeout',
  service: 'checkout',
  host: 'web-1',
  traceId: TRACE,
  spanId: '00f067aa0ba902b7',
  attributes: { 'http.status_code': '504' },
};

/** The api as the page sees it over fetch: searches answer RECORD unless the query is in `rejected` (400, as the api). */
let searches: URLSearchParams[];
let rejected: Map<string, string>;
/** The records every search answers. */
let stored: LogRecord[];

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

beforeEach(() => {
  searches = [];
  rejected = new Map();
  stored = [RECORD];
  vi.stubGlobal('fetch', async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    const q = url.searchParams.get('query') ?? '';
    const error = rejected.get(q);
    if (error !== undefined) return json(400, { status: 'error', errorType: 'bad_data', error });
    if (url.pathname === '/api/v1/logs') {
      searches.push(url.searchParams);
      return json(200, { status: 'success', data: { records: stored, nextCursor: null } });
    }
    if (url.pathname === '/api/v1/logs/volume') {
      return json(200, { status: 'success', data: { stepMs: 60_000, series: [{ level: 'error', points: [[RECORD.timestamp / 1000, 1]] }] } });
    }
    return json(404, { status: 'error', errorType: 'not_found', error: url.pathname });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAt(path: string): ReturnType<typeof createMemoryRouter> {
  const router = createMemoryRouter(
    [
      {
        path: '/logs',
        element: (
          <RefreshProvider interval="off">
            <LogsPage />
          </RefreshProvider>
        ),
      },
    ],
    { initialEntries: [path] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

const urlQuery = (router: ReturnType<typeof createMemoryRouter>): string | null => new URLSearchParams(router.state.location.search).get('query');

describe('LogsPage', () => {
  it('puts a submitted query in the URL and searches with it; a URL with a query fills the box', async () => {
    const router = renderAt('/logs?from=now-6h&to=now');
    await screen.findByText('payment timeout');
    const box = screen.getByRole('searchbox', { name: 'log query' });
    fireEvent.change(box, { target: { value: 'timeout service:checkout' } });
    fireEvent.submit(box);
    await waitFor(() => expect(urlQuery(router)).toBe('timeout service:checkout'));
    // The range stays in the URL beside the query.
    expect(new URLSearchParams(router.state.location.search).get('from')).toBe('now-6h');
    await waitFor(() => expect(searches.at(-1)?.get('query')).toBe('timeout service:checkout'));
    const last = searches.at(-1) as URLSearchParams;
    expect(Number(last.get('end')) - Number(last.get('start'))).toBeCloseTo(6 * 3600, 0);

    cleanup();
    renderAt(`/logs?query=${encodeURIComponent('level:error -host:web-2')}`);
    expect((await screen.findByRole('searchbox', { name: 'log query' }) as HTMLInputElement).value).toBe('level:error -host:web-2');
    await waitFor(() => expect(searches.at(-1)?.get('query')).toBe('level:error -host:web-2'));
  });

  it('a click on the trace id of an expanded record adds trace_id:<id> to the query and searches', async () => {
    const router = renderAt(`/logs?query=timeout`);
    await screen.findByText('payment timeout');
    fireEvent.click(screen.getByRole('button', { name: /show all fields of the error line/ }));
    expect(screen.getByText('span id')).toBeTruthy();
    expect(screen.getByText('http.status_code')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: TRACE }));
    });
    await waitFor(() => expect(urlQuery(router)).toBe(`timeout trace_id:${TRACE}`));
    await waitFor(() => expect(searches.at(-1)?.get('query')).toBe(`timeout trace_id:${TRACE}`));
    // The record stays open across the new search; the exclude button beside a value negates it instead.
    fireEvent.click(screen.getByRole('button', { name: 'exclude host:web-1' }));
    await waitFor(() => expect(urlQuery(router)).toBe(`timeout trace_id:${TRACE} -host:web-1`));
  });

  it('shows a rejected query with a caret under the position the api names', async () => {
    const bad = 'level:error "unterminated';
    rejected.set(bad, 'invalid query: unterminated quote at position 13');
    renderAt(`/logs?query=${encodeURIComponent(bad)}`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Invalid query at position 13: unterminated quote at position 13');
    expect(alert.querySelector('pre')?.textContent).toBe(`${bad}\n${' '.repeat(12)}^`);
    expect(screen.getByRole('searchbox', { name: 'log query' }).getAttribute('aria-invalid')).toBe('true');
  });

  it('without any log, says how to send some; with a query and no match, says to widen or remove a filter', async () => {
    stored = [];
    renderAt('/logs');
    expect((await screen.findByText(/No logs yet/)).textContent).toContain('add a logs.files entry in the collector config');
    // It asked the api whether any log exists at all (from the epoch), not only in the range.
    expect(searches.some((p) => p.get('start') === '0' && p.get('limit') === '1')).toBe(true);
    cleanup();
    renderAt('/logs?query=timeout');
    expect(await screen.findByText(/No lines match this query/)).toBeTruthy();
  });
});
