import { useState, type FormEvent, type ReactNode } from 'react';
import { setApiToken } from '../api/api-client.js';

/**
 * Shown when the api answers 401: the api has tokens configured (API_TOKENS) and the dashboard needs one with
 * `read` scope. The token is kept in this browser's localStorage and sent as a bearer token; the page reloads.
 */
export function TokenForm({ message }: { message: string }): ReactNode {
  const [token, setToken] = useState('');
  const save = (e: FormEvent): void => {
    e.preventDefault();
    setApiToken(token.trim());
    window.location.reload();
  };
  return (
    <form className="banner warning token-form" onSubmit={save} aria-label="the api needs a token">
      <p>
        The api needs a token ({message}). Enter a token with <code>read</code> scope (one of API_TOKENS); it is kept in this browser only.
      </p>
      <label>
        API token <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required />
      </label>{' '}
      <button type="submit">Save and reload</button>
    </form>
  );
}
