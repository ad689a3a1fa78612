import { useEffect, useState } from 'react';
import { get, type IncidentDetail } from './api';
import { words } from './format';

/** One incident: its lifecycle as a timeline per cycle. */
export function IncidentView({ id, back }: { id: string; back: () => void }) {
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    get<IncidentDetail>(`/v1/incidents/${encodeURIComponent(id)}`).then(setDetail, (e: Error) => setProblem(e.message));
  }, [id]);

  return (
    <main>
      <button onClick={back}>← Incidents</button>
      {problem && <p role="alert" className="problem">{problem}</p>}
      {!detail && !problem && <p aria-live="polite">Loading…</p>}
      {detail && (
        <>
          <h1>{detail.incident.title ?? detail.incident.incident_id}</h1>
          <p>{detail.incident.service} · {words(detail.incident.status)} · cycle {detail.incident.cycle}</p>
          {detail.cycles.map((cycle) => (
            <section key={cycle.cycle}>
              <h2>Cycle {cycle.cycle}</h2>
              <ol className="timeline">
                {cycle.events.map((event) => (
                  <li key={event.event_id}><time dateTime={event.time}>{event.time}</time> {event.event_type}
                    <span className="agent"> by {event.agent.name} {event.agent.version}</span></li>
                ))}
              </ol>
            </section>
          ))}
        </>
      )}
    </main>
  );
}
