import { useEffect, useState } from 'react';
import { ApiError, get, signOut, token, type Session } from './api';
import { HealthPage } from './HealthPage';
import { IncidentList } from './IncidentList';
import { IncidentView } from './IncidentView';
import { SignIn } from './SignIn';

type Place = { page: 'incidents' } | { page: 'incident'; id: string } | { page: 'health' };

/** Where the page is, from the URL's fragment (the token never goes into the URL). */
export function place(hash: string): Place {
  const incident = hash.match(/^#\/incidents\/(.+)$/);
  if (incident) return { page: 'incident', id: decodeURIComponent(incident[1]) };
  return hash === '#/health' ? { page: 'health' } : { page: 'incidents' };
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [signedIn, setSignedIn] = useState(token() !== null);
  const [problem, setProblem] = useState<string | null>(null);
  const [where, setWhere] = useState(place(window.location.hash));

  useEffect(() => {
    const moved = () => setWhere(place(window.location.hash));
    window.addEventListener('hashchange', moved);
    return () => window.removeEventListener('hashchange', moved);
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    get<Session>('/v1/session').then(setSession, (e: Error) => {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        signOut(); // revoked since, or not a reading token
        setSignedIn(false);
      } else {
        setProblem(e.message);
      }
    });
  }, [signedIn]);

  if (!signedIn) return <SignIn onSignedIn={() => setSignedIn(true)} />;
  const current = where.page;
  return (
    <>
      <header>
        <nav aria-label="Main">
          <a href="#/" className="brand">debugd</a>
          <a href="#/" aria-current={current !== 'health' ? 'page' : undefined}>Incidents</a>
          <a href="#/health" aria-current={current === 'health' ? 'page' : undefined}>Health</a>
        </nav>
        <div className="who">
          {session && <span>{session.tenant} · {session.name} ({session.scopes.join(', ')})</span>}
          <button type="button" onClick={() => { signOut(); setSession(null); setSignedIn(false); }}>Sign out</button>
        </div>
      </header>
      {problem && <main><p role="alert" className="problem">{problem}</p></main>}
      {session && where.page === 'incident' && <IncidentView key={where.id} id={where.id} session={session} />}
      {session && where.page === 'health' && <HealthPage />}
      {session && where.page === 'incidents' && (
        <IncidentList session={session} open={(id) => { window.location.hash = `#/incidents/${encodeURIComponent(id)}`; }} />
      )}
      {!session && !problem && <main><p aria-live="polite">Loading…</p></main>}
    </>
  );
}
