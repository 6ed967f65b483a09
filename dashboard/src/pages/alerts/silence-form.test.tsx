// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyDraft } from './silence-draft.js';
import { SilenceForm } from './silence-form.js';

let posted: Array<{ url: string; method: string; body: unknown }>;
let answer: { status: number; body: unknown };

beforeEach(() => {
  posted = [];
  answer = { status: 200, body: { status: 'success', data: { silenceID: 's-1' } } };
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit): Promise<Response> => {
    posted.push({ url: String(input), method: init?.method ?? 'GET', body: JSON.parse(String(init?.body)) });
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-24T10:00:00Z'));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const type = (label: string, value: string): void => {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
};

describe('SilenceForm', () => {
  it('sends the edited matchers, the duration from now, creator and comment as Alertmanager’s postableSilence', async () => {
    const created = vi.fn();
    render(<SilenceForm initial={emptyDraft({ alertname: 'DiskAlmostFull', team: 'db' })} onCreated={created} onCancel={() => undefined} />);
    expect((screen.getByLabelText('matcher 2 value') as HTMLInputElement).value).toBe('db');
    fireEvent.change(screen.getByLabelText('matcher 2 operator'), { target: { value: '=~' } });
    type('matcher 2 value', 'db|cache');
    fireEvent.click(screen.getByRole('button', { name: 'Add matcher' }));
    type('matcher 3 label', 'severity');
    type('matcher 3 value', 'info');
    fireEvent.change(screen.getByLabelText('matcher 3 operator'), { target: { value: '!=' } });
    type('duration', '4h');
    type('creator', 'ana');
    type('comment', 'replacing the disk');
    fireEvent.click(screen.getByRole('button', { name: 'Create silence' }));
    await waitFor(() => expect(created).toHaveBeenCalledWith('s-1'));
    expect(posted).toEqual([
      {
        url: '/api/v1/silences',
        method: 'POST',
        body: {
          matchers: [
            { name: 'alertname', value: 'DiskAlmostFull', isRegex: false, isEqual: true },
            { name: 'team', value: 'db|cache', isRegex: true, isEqual: true },
            { name: 'severity', value: 'info', isRegex: false, isEqual: false },
          ],
          startsAt: '2026-11-24T10:00:00.000Z',
          endsAt: '2026-11-24T14:00:00.000Z',
          createdBy: 'ana',
          comment: 'replacing the disk',
        },
      },
    ]);
  });

  it('shows what is missing without sending, and the api’s refusal when it refuses', async () => {
    const created = vi.fn();
    render(<SilenceForm initial={emptyDraft({ alertname: 'X' })} onCreated={created} onCancel={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Create silence' }));
    expect(screen.getByRole('alert').textContent).toBe('say who creates the silence (creator)add a comment saying why');
    expect(posted).toEqual([]);
    answer = { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'silence: matchers[0]: bad matcher' } };
    type('creator', 'ana');
    type('comment', 'c');
    fireEvent.click(screen.getByRole('button', { name: 'Create silence' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('the api refused the silence: silence: matchers[0]: bad matcher'));
    expect(created).not.toHaveBeenCalled();
  });
});
