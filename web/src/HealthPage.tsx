import { useEffect, useState } from 'react';
import { get, type Health, type TenantHealth } from './api';
import { age } from './format';

function HealthCells({ health }: { health: Health }) {
  return (
    <>
      <td><span className={`health ${health.status}`}>{health.status}</span></td>
      <td>{health.outputs}</td>
      <td>{health.failed_runs}</td>
      <td>{health.abandoned_tasks}</td>
      <td>{health.last_output_at ? `${age(health.last_output_at, new Date())} ago` : '—'}</td>
      <td>{health.last_problem ?? '—'}</td>
    </>
  );
}

const HEALTH_HEADERS = ['Health', 'Outputs', 'Failed runs', 'Abandoned tasks', 'Last output', 'Last problem'];

/** The tenant as recorded: its agent profiles and integrations, each with its health over the last day. */
export function HealthPage() {
  const [report, setReport] = useState<TenantHealth | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    get<TenantHealth>('/v1/tenant').then(setReport, (e: Error) => setProblem(e.message));
  }, []);

  if (problem) return <main><h1>Health</h1><p role="alert" className="problem">{problem}</p></main>;
  if (!report) return <main><h1>Health</h1><p aria-live="polite">Loading…</p></main>;
  return (
    <main>
      <h1>Health of {report.tenant}</h1>
      <p>{report.configured ? `Configuration generation ${report.generation}; figures over the last ${report.hours} h.`
        : 'This tenant has no recorded configuration (no Tenant resource yet).'}</p>
      <h2>Agent profiles</h2>
      {report.agent_profiles.length === 0 ? <p>No agent profiles.</p> : (
        <div className="scroll" role="region" aria-label="Agent profiles" tabIndex={0}>
          <table>
            <thead><tr><th>Name</th><th>Agent</th><th>Version</th><th>Provider</th>{HEALTH_HEADERS.map((h) => <th key={h}>{h}</th>)}</tr></thead>
            <tbody>
              {report.agent_profiles.map((p) => (
                <tr key={p.name}><td>{p.name}</td><td>{p.agent}</td><td>{p.version}</td>
                  <td>{p.provider}{p.model ? ` (${p.model})` : ''}</td><HealthCells health={p.health} /></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Integrations</h2>
      {report.integrations.length === 0 ? <p>No integrations.</p> : (
        <div className="scroll" role="region" aria-label="Integrations" tabIndex={0}>
          <table>
            <thead><tr><th>Name</th><th>Type</th><th>Repository</th>{HEALTH_HEADERS.map((h) => <th key={h}>{h}</th>)}</tr></thead>
            <tbody>
              {report.integrations.map((i) => (
                <tr key={i.name}><td>{i.name}</td><td>{i.type}</td><td>{i.repository ?? '—'}</td><HealthCells health={i.health} /></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
