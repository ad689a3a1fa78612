import { post, type IncidentDetail } from './api';
import { Confirm } from './Confirm';
import { abandonedTasks } from './incident';

const CLOSED = ['resolved', 'suppressed'];

/** What a person may record about the incident (act tokens only): resolve, suppress, reopen, retry an abandoned task. */
export function Actions({ detail }: { detail: IncidentDetail }) {
  const id = encodeURIComponent(detail.incident.incident_id);
  const closed = CLOSED.includes(detail.incident.status);
  const recorded = (what: string) => `${what}; the timeline shows it in a moment.`;
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">Actions</h2>
      <div className="actions">
        {!closed && (
          <Confirm label="Resolve" question="Confirm that this incident is resolved (cycle closed by you)?"
            run={async (requestId) => { await post(`/v1/incidents/${id}/resolve`, { client_request_id: requestId }); return recorded('Resolved'); }} />
        )}
        {!closed && (
          <Confirm label="Suppress" question="Suppress this incident? The agents stop working on it." reason="Why"
            run={async (requestId, reason) => {
              await post(`/v1/incidents/${id}/suppress`, { reason, client_request_id: requestId });
              return recorded('Suppressed');
            }} />
        )}
        {closed && (
          <Confirm label="Reopen" question={`Reopen this incident as cycle ${detail.incident.cycle + 1}?`} reason="Why"
            run={async (requestId, reason) => {
              await post(`/v1/incidents/${id}/reopen`, { reason, client_request_id: requestId });
              return recorded('Reopened');
            }} />
        )}
        {abandonedTasks(detail).map((task) => (
          <Confirm key={task} label="Retry" question={`Retry the abandoned task ${task}?`}
            run={async (requestId) => {
              await post(`/v1/incidents/${id}/retry`, { task_key: task, client_request_id: requestId });
              return recorded('Retry requested');
            }} />
        ))}
      </div>
    </section>
  );
}
