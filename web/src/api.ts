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
  return answer<T>(await fetch(path, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} }));
}

/** A person's fact: the body as JSON, with a client_request_id so that a repeated click records one fact. */
export async function post<T>(path: string, body: Record<string, string>): Promise<T> {
  return answer<T>(await fetch(path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }));
}

async function answer<T>(response: Response): Promise<T> {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const reasons = Array.isArray(body.reasons) ? `: ${body.reasons.join('; ')}` : '';
    throw new ApiError(response.status, (body.error ?? `the API answered ${response.status}`) + reasons);
  }
  return body as T;
}

/** Who the token is, and where agent runs' traces are seen. */
export interface Session {
  tenant: string;
  name: string;
  scopes: string[];
  trace_url: string | null;
}

export interface EvidencePoint {
  t: string;
  signature_occurrences: number;
  requests: number;
  failed_requests: number;
  error_rate: number;
}

export interface EvidenceSeries {
  detected_at: string;
  from: string;
  to: string;
  step_seconds: number;
  points: EvidencePoint[];
}

export interface Health {
  status: string;
  outputs: number;
  failed_runs: number;
  abandoned_tasks: number;
  last_output_at: string | null;
  last_problem: string | null;
}

export interface TenantHealth {
  tenant: string;
  configured: boolean;
  generation: number;
  hours: number;
  agent_profiles: { name: string; agent: string; version: string; provider: string; model: string | null; health: Health }[];
  integrations: { name: string; type: string; repository: string | null; health: Health }[];
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

/** A Sentry issue whose events carry the incident's signature. */
export interface SentryIssue {
  issue_id: string;
  short_id: string;
  title: string;
  project: string;
}

export interface IncidentDetail {
  incident: IncidentSummary;
  sentry_issues?: SentryIssue[];
  view: Record<string, unknown>;
  cycles: { cycle: number; events: TimelineEvent[] }[];
}
