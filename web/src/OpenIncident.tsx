import { useState } from 'react';
import { post } from './api';
import { Confirm } from './Confirm';

/** Opens an incident by hand (act tokens): a service and a title, confirmed; the detector's rules are not asked. */
export function OpenIncident({ opened }: { opened: (id: string) => void }) {
  const [service, setService] = useState('');
  const [title, setTitle] = useState('');
  return (
    <Confirm label="Open an incident" question="Open an incident by hand? The agents will investigate it."
      run={async (requestId) => {
        const answer = await post<{ incident_id: string }>('/v1/incidents', { service: service.trim(), title: title.trim(),
          client_request_id: requestId });
        opened(answer.incident_id);
        return `Opened ${answer.incident_id}.`;
      }}>
      <label>Service <input value={service} onChange={(e) => setService(e.target.value)} required maxLength={100} /></label>
      <label>Title <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} /></label>
    </Confirm>
  );
}
