import { useEffect, useRef, useState } from 'react';
import { token } from './api';
import { follow } from './sse';

/** A timeline event as /v1/stream announces it. */
export interface TimelineUpdate {
  incident_id: string;
  event_type: string;
  cycle: number;
  time: string;
  event_id: string;
}

/**
 * Follows the tenant's stream while the page is open: {@code onUpdate} gets each new timeline event, and null after a
 * reset (the read model was rebuilt: reload everything). Returns whether the stream is connected.
 */
export function useTimeline(onUpdate: (update: TimelineUpdate | null) => void): boolean {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onUpdate);
  handler.current = onUpdate;

  useEffect(() => {
    const bearer = token();
    if (!bearer) return;
    const stop = new AbortController();
    void follow(bearer, (event) => {
      if (event.event === 'ready') setConnected(true);
      else if (event.event === 'reset') handler.current(null);
      else if (event.event === 'timeline') handler.current(JSON.parse(event.data) as TimelineUpdate);
    }, stop.signal);
    return () => stop.abort();
  }, []);
  return connected;
}
