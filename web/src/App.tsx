import { useEffect, useState } from 'react';
import { signOut, token } from './api';
import { IncidentList } from './IncidentList';
import { IncidentView } from './IncidentView';
import { SignIn } from './SignIn';

/** Where the page is, from the URL's fragment: the list, or an incident. */
function place(): { incident: string | null } {
  const match = window.location.hash.match(/^#\/incidents\/(.+)$/);
  return { incident: match ? decodeURIComponent(match[1]) : null };
}

export function App() {
  const [signedIn, setSignedIn] = useState(token() !== null);
  const [where, setWhere] = useState(place());

  useEffect(() => {
    const moved = () => setWhere(place());
    window.addEventListener('hashchange', moved);
    return () => window.removeEventListener('hashchange', moved);
  }, []);

  if (!signedIn) {
    return <SignIn onSignedIn={() => setSignedIn(true)} />;
  }
  return (
    <>
      <header>
        <a href="#/">debugd</a>
        <button onClick={() => { signOut(); setSignedIn(false); }}>Sign out</button>
      </header>
      {where.incident
        ? <IncidentView id={where.incident} back={() => { window.location.hash = '#/'; }} />
        : <IncidentList open={(id) => { window.location.hash = `#/incidents/${encodeURIComponent(id)}`; }} />}
    </>
  );
}
