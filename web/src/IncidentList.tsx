import { useEffect, useState } from 'react';
import { get, type IncidentPage, type IncidentSummary } from './api';
import { age, percent, words } from './format';

const STATUSES = ['detected', 'context_built', 'root_cause_proposed', 'fix_proposed', 'fix_applied', 'needs_human', 'reopened',
  'resolved', 'suppressed'];

/** The tenant's incidents, newest first, filtered by status and service, a page at a time. */
export function IncidentList({ open }: { open: (id: string) => void }) {
  const [status, setStatus] = useState('');
  const [service, setService] = useState('');
  const [pages, setPages] = useState<string[]>(['']); // the cursors of the pages seen, the current one last
  const [page, setPage] = useState<IncidentPage | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const cursor = pages[pages.length - 1];

  useEffect(() => {
    const query = new URLSearchParams({ limit: '25' });
    if (status) query.set('status', status);
    if (service.trim()) query.set('service', service.trim());
    if (cursor) query.set('cursor', cursor);
    setPage(null);
    get<IncidentPage>(`/v1/incidents?${query}`).then(setPage, (e: Error) => setProblem(e.message));
  }, [status, service, cursor]);

  const now = new Date();
  return (
    <main>
      <h1>Incidents</h1>
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
      {page && page.incidents.length === 0 && <p>No incidents.</p>}
      {page && page.incidents.length > 0 && (
        <table>
          <thead>
            <tr><th>Status</th><th>Service</th><th>Incident</th><th>Rule</th><th>Age</th><th>Top hypothesis</th></tr>
          </thead>
          <tbody>
            {page.incidents.map((incident: IncidentSummary) => (
              <tr key={incident.incident_id}>
                <td><span className={`status ${incident.status}`}>{words(incident.status)}</span></td>
                <td>{incident.service}</td>
                <td><a href={`#/incidents/${encodeURIComponent(incident.incident_id)}`}
                  onClick={(e) => { e.preventDefault(); open(incident.incident_id); }}>{incident.title ?? incident.incident_id}</a></td>
                <td>{incident.rule}</td>
                <td>{age(incident.detected_at, now)}</td>
                <td>{incident.top_hypothesis
                  ? `${words(incident.top_hypothesis.category)} (${percent(incident.top_hypothesis.confidence)})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pages">
        <button disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>Newer</button>
        <button disabled={!page?.next_cursor} onClick={() => page?.next_cursor && setPages([...pages, page.next_cursor])}>Older</button>
      </nav>
    </main>
  );
}
