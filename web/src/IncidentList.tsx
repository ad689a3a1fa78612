import { useCallback, useEffect, useState } from 'react';
import { get, type IncidentPage, type IncidentSummary, type Session } from './api';
import { age, percent, words } from './format';
import { useTimeline } from './live';
import { OpenIncident } from './OpenIncident';

const STATUSES = ['detected', 'context_built', 'root_cause_proposed', 'fix_proposed', 'fix_applied', 'needs_human', 'reopened',
  'resolved', 'suppressed'];

/** The tenant's incidents, newest first, filtered by status and service, a page at a time, kept up to date live. */
export function IncidentList({ open, session }: { open: (id: string) => void; session: Session }) {
  const [status, setStatus] = useState('');
  const [service, setService] = useState('');
  const [pages, setPages] = useState<string[]>(['']); // the cursors of the pages seen, the current one last
  const [page, setPage] = useState<IncidentPage | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const cursor = pages[pages.length - 1];

  const load = useCallback((quietly: boolean) => {
    const query = new URLSearchParams({ limit: '25' });
    if (status) query.set('status', status);
    if (service.trim()) query.set('service', service.trim());
    if (cursor) query.set('cursor', cursor);
    if (!quietly) setPage(null);
    get<IncidentPage>(`/v1/incidents?${query}`).then((p) => { setPage(p); setProblem(null); }, (e: Error) => setProblem(e.message));
  }, [status, service, cursor]);
  useEffect(() => load(false), [load]);
  // Any event may change a row's status or add an incident: the page shown is read again, without a loading state.
  const live = useTimeline(() => load(true));

  const now = new Date();
  return (
    <main>
      <div className="title">
        <h1>Incidents</h1>
        <span className="live" aria-live="polite">{live ? '● live' : ''}</span>
      </div>
      {session.scopes.includes('act') && <OpenIncident opened={open} />}
      <div className="filters">
        <label>
          Status
          <select value={status} onChange={(e) => { setStatus(e.target.value); setPages(['']); }}>
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{words(s)}</option>)}
          </select>
        </label>
        <label>
          Service
          <input value={service} onChange={(e) => { setService(e.target.value); setPages(['']); }} />
        </label>
      </div>
      {problem && <p role="alert" className="problem">{problem}</p>}
      {!page && !problem && <p aria-live="polite">Loading…</p>}
      {page && page.incidents.length === 0 && <p>{status || service.trim() ? 'No incidents match these filters.'
        : 'No incidents yet: the detector opens one when a signature is new, spikes or fails requests.'}</p>}
      {page && page.incidents.length > 0 && (
        <div className="scroll" role="region" aria-label="Incidents" tabIndex={0}>
        <table className="incidents">
          <thead>
            <tr><th>Status</th><th>Service</th><th>Incident</th><th>Signature</th><th>Rule</th><th>Age</th><th>Top hypothesis</th></tr>
          </thead>
          <tbody>
            {page.incidents.map((incident: IncidentSummary) => (
              <tr key={incident.incident_id}>
                <td data-label="Status"><span className={`status ${incident.status}`}>{words(incident.status)}</span></td>
                <td data-label="Service">{incident.service}</td>
                <td className="name"><a href={`#/incidents/${encodeURIComponent(incident.incident_id)}`}
                  onClick={(e) => { e.preventDefault(); open(incident.incident_id); }}>{incident.title ?? incident.incident_id}</a></td>
                <td data-label="Signature">{incident.signature ? <code>{incident.signature}</code> : '—'}</td>
                <td data-label="Rule">{incident.rule}</td>
                <td className="age" data-label="Age">{age(incident.detected_at, now)}</td>
                <td data-label="Top hypothesis">{incident.top_hypothesis
                  ? `${words(incident.top_hypothesis.category)} (${percent(incident.top_hypothesis.confidence)})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <nav className="pages">
        <button disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>Newer</button>
        <button disabled={!page?.next_cursor} onClick={() => page?.next_cursor && setPages([...pages, page.next_cursor])}>Older</button>
      </nav>
    </main>
  );
}
