// The API the dashboard reads, on its own origin, with the token kept in session storage (never in the URL).

const TOKEN_KEY = 'debugd.token';

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(value: string): void {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** A refusal or failure as the API words it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function get<T>(path: string, bearer: string | null = token()): Promise<T> {
  const response = await fetch(path, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, body.error ?? `the API answered ${response.status}`);
  }
  return body as T;
}

export interface TopHypothesis {
  hypothesis: string;
  category: string;
  confidence: number;
}

export interface IncidentSummary {
  incident_id: string;
  status: string;
  cycle: number;
  service: string | null;
  signature: string | null;
  rule: string | null;
  title: string | null;
  detected_at: string;
  last_event_at: string;
  top_hypothesis: TopHypothesis | null;
}

export interface IncidentPage {
  incidents: IncidentSummary[];
  next_cursor: string | null;
}

export interface TimelineEvent {
  event_id: string;
  event_type: string;
  time: string;
  cycle: number;
  agent: { name: string; version: string };
  payload: Record<string, unknown>;
}

export interface IncidentDetail {
  incident: IncidentSummary;
  view: Record<string, unknown>;
  cycles: { cycle: number; events: TimelineEvent[] }[];
}
