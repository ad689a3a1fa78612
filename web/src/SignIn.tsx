import { useState, type FormEvent } from 'react';
import { ApiError, get, signIn, type IncidentPage } from './api';

/** Asks for a read or act token, checks it against the API, keeps it for the session. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChecking(true);
    setProblem(null);
    try {
      await get<IncidentPage>('/v1/incidents?limit=1', value.trim());
      signIn(value.trim());
      onSignedIn();
    } catch (e) {
      setProblem(e instanceof ApiError && e.status === 403 ? 'This token cannot read incidents: sign in with a read or act token.'
        : e instanceof ApiError && e.status === 401 ? 'The API does not know this token.' : String((e as Error).message));
    } finally {
      setChecking(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>debugd</h1>
      <form onSubmit={submit}>
        <label htmlFor="token">API token</label>
        <input id="token" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} required />
        <button type="submit" disabled={checking || value.trim() === ''}>{checking ? 'Checking…' : 'Sign in'}</button>
        {problem && <p role="alert" className="problem">{problem}</p>}
      </form>
    </main>
  );
}
