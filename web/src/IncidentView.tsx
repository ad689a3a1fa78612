import { useCallback, useEffect, useState } from 'react';
import { Actions } from './Actions';
import { get, type IncidentDetail, type Session } from './api';
import { Diff } from './Diff';
import { EvidenceChart } from './EvidenceChart';
import { percent, words } from './format';
import { diagnoses, evaluations, fixes, instrumentation, missingSignals, moments, pastIncidents, traceLink } from './incident';
import { useTimeline } from './live';

function Trace({ session, traceId }: { session: Session; traceId: string | null }) {
  const link = traceLink(session.trace_url, traceId);
  if (link) return <a className="trace" href={link} target="_blank" rel="noreferrer">trace</a>;
  return traceId ? <span className="trace">trace {traceId}</span> : null;
}

/** One incident: what the agents found and proposed, the evidence before and after, and its lifecycle per cycle. */
export function IncidentView({ id, session }: { id: string; session: Session }) {
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(() => {
    get<IncidentDetail>(`/v1/incidents/${encodeURIComponent(id)}`).then((d) => { setDetail(d); setProblem(null); },
      (e: Error) => setProblem(e.message));
  }, [id]);
  useEffect(load, [load]);
  const live = useTimeline((update) => { if (!update || update.incident_id === id) load(); });

  if (problem && !detail) return <main><a href="#/">← Incidents</a><p role="alert" className="problem">{problem}</p></main>;
  if (!detail) return <main><a href="#/">← Incidents</a><p aria-live="polite">Loading the incident…</p></main>;

  const incident = detail.incident;
  const found = diagnoses(detail);
  const drafted = fixes(detail);
  const proposed = instrumentation(detail);
  const missing = missingSignals(detail);
  const alike = pastIncidents(detail);
  const judged = evaluations(detail);
  const pullRequests = (detail.view.pull_requests ?? []) as { kind: string; repository: string; number: number; url: string;
    merged_at: string | null; deployed_at: string | null; closed_at: string | null }[];
  return (
    <main>
      <a href="#/">← Incidents</a>
      <h1>{incident.title ?? incident.incident_id}</h1>
      <p className="summary">
        <span className={`status ${incident.status}`}>{words(incident.status)}</span> · {incident.service} · rule {incident.rule}
        {' '}· signature <code>{incident.signature ?? '—'}</code> · cycle {incident.cycle}
        {' '}<span className="live" aria-live="polite">{live ? '● live' : ''}</span>
      </p>
      {(detail.sentry_issues ?? []).length > 0 && (
        <p className="sentry">Sentry: {(detail.sentry_issues ?? []).map((issue) => (
          <span key={issue.issue_id}><strong>{issue.short_id || issue.issue_id}</strong> {issue.title} (project {issue.project})</span>
        ))}</p>
      )}
      {problem && <p role="alert" className="problem">{problem}</p>}
      {session.scopes.includes('act') && <Actions detail={detail} />}

      {alike.length > 0 && (
        <section aria-labelledby="past">
          <h2 id="past">Like past incidents</h2>
          <ul className="past">
            {alike.map((p) => (
              <li key={p.incidentId}>
                <a href={`#/incidents/${encodeURIComponent(p.incidentId)}`}>{p.title || p.incidentId}</a>
                {' '}· {percent(p.similarity)} alike · resolved {p.resolvedAt.slice(0, 10)} by {p.resolution}
                <br /><span className="category">{words(p.category)}</span>: {p.hypothesis}
                {p.fix && <><br />Fix: {p.fix}</>}
                {p.verdict && <> · evaluation {p.verdict}</>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="hypotheses">
        <h2 id="hypotheses">Hypotheses</h2>
        {found.length === 0 && <p>No root cause proposed yet.</p>}
        {found.map((diagnosis, i) => (
          <div key={i}>
            <h3>Cycle {diagnosis.cycle}{diagnosis.reasoner ? ` · ${diagnosis.reasoner}` : ''} <Trace session={session} traceId={diagnosis.traceId} /></h3>
            <ol className="hypotheses">
              {diagnosis.hypotheses.map((h, j) => (
                <li key={j}>
                  <div className="hypothesis-head">
                    <span className="confidence" aria-hidden="true">
                      <span className="bar" style={{ width: `${Math.round(h.confidence * 100)}%` }} />
                    </span>
                    <strong>{percent(h.confidence)}</strong> <span className="category">{words(h.category)}</span>
                  </div>
                  <p>{h.statement}</p>
                  {h.evidence.length > 0 && (
                    <ul className="evidence" aria-label="Evidence it cites">
                      {h.evidence.map((line, k) => <li key={k}><code>{line}</code></li>)}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          </div>
        ))}
      </section>

      <section aria-labelledby="fix">
        <h2 id="fix">Fix</h2>
        {drafted.length === 0 && <p>No fix drafted{found.length > 0 ? ' (the root cause may not be confident enough)' : ''}.</p>}
        {drafted.map((fix, i) => (
          <div key={i}>
            <h3>Cycle {fix.cycle} <Trace session={session} traceId={fix.traceId} /></h3>
            <p>{fix.summary}</p>
            {fix.rationale && <p className="note"><strong>Why:</strong> {fix.rationale}</p>}
            {fix.risk && <p className="note"><strong>Risk:</strong> {fix.risk}</p>}
            {fix.patch ? <Diff patch={fix.patch} label={`The fix of cycle ${fix.cycle} as a diff`} /> : <p>A described change, no diff.</p>}
          </div>
        ))}
        {pullRequests.length > 0 && (
          <ul className="pull-requests">
            {pullRequests.map((pr) => (
              <li key={`${pr.repository}#${pr.number}`}>
                <a href={pr.url} target="_blank" rel="noreferrer">{pr.repository}#{pr.number}</a> ({words(pr.kind.toLowerCase())}):
                {' '}{pr.closed_at ? 'closed without merge' : pr.merged_at ? `merged${pr.deployed_at ? ', deployed' : ''}` : 'open'}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="evaluation">
        <h2 id="evaluation">Evidence and evaluation</h2>
        {incident.detected_at && <EvidenceChart incidentId={incident.incident_id} detectedAt={incident.detected_at} markers={moments(detail)} />}
        {judged.map((evaluation, i) => (
          <div key={i}>
            <h3>Cycle {evaluation.cycle}: <span className={`verdict ${evaluation.verdict}`}>{evaluation.verdict}</span></h3>
            <p>{evaluation.assessment}</p>
            <dl className="metrics">
              {Object.entries(evaluation.metrics).map(([name, value]) => (
                <div key={name}><dt>{words(name)}</dt><dd>{Number.isInteger(value) ? value : value.toFixed(3)}</dd></div>
              ))}
            </dl>
          </div>
        ))}
      </section>

      <section aria-labelledby="instrumentation">
        <h2 id="instrumentation">Instrumentation</h2>
        {missing.length > 0 ? <p>Missing signals: {missing.map((s) => <code key={s} className="signal">{s}</code>)}</p>
          : <p>No signal was missing from the context.</p>}
        {proposed.map((p, i) => (
          <div key={i}>
            <h3>Cycle {p.cycle} <Trace session={session} traceId={p.traceId} /></h3>
            <p>{p.summary}</p>
            {p.additions.length > 0 && <ul>{p.additions.map((a) => <li key={a}>{a}</li>)}</ul>}
            {p.patch && <Diff patch={p.patch} label={`The instrumentation of cycle ${p.cycle} as a diff`} />}
          </div>
        ))}
      </section>

      <section aria-labelledby="timeline">
        <h2 id="timeline">Timeline</h2>
        {detail.cycles.map((cycle) => (
          <div key={cycle.cycle}>
            <h3>Cycle {cycle.cycle}</h3>
            <ol className="timeline">
              {cycle.events.map((event) => (
                <li key={event.event_id}>
                  <time dateTime={event.time}>{new Date(event.time).toLocaleTimeString()}</time>{' '}
                  <span className="event-type">{event.event_type}</span>
                  <span className="agent"> by {event.agent.name} {event.agent.version}</span>{' '}
                  <Trace session={session} traceId={typeof event.payload.trace_id === 'string' ? event.payload.trace_id : null} />
                </li>
              ))}
            </ol>
          </div>
        ))}
      </section>
    </main>
  );
}
