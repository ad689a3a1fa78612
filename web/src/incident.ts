// What the incident page shows, read from the incident's events as the API returns them. Pure.
import type { IncidentDetail, TimelineEvent } from './api';

export interface RankedHypothesis {
  category: string;
  statement: string;
  confidence: number;
  evidence: string[];
}

export interface Diagnosis {
  cycle: number;
  reasoner: string | null;
  traceId: string | null;
  hypotheses: RankedHypothesis[];
}

export interface Fix {
  cycle: number;
  summary: string;
  patch: string | null;
  rationale: string | null;
  risk: string | null;
  traceId: string | null;
}

export interface Instrumentation {
  cycle: number;
  summary: string;
  missingSignals: string[];
  additions: string[];
  patch: string | null;
  traceId: string | null;
}

export interface Evaluation {
  cycle: number;
  verdict: string;
  assessment: string;
  metrics: Record<string, number>;
}

function events(detail: IncidentDetail): TimelineEvent[] {
  return detail.cycles.flatMap((c) => c.events);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Each RootCauseProposed's hypotheses, ranked (older facts carry the top one alone), the latest cycle first. */
export function diagnoses(detail: IncidentDetail): Diagnosis[] {
  return events(detail).filter((e) => e.event_type === 'RootCauseProposed').map((e) => {
    const p = e.payload;
    const ranked = Array.isArray(p.ranked) && p.ranked.length > 0
      ? (p.ranked as Record<string, unknown>[]).map((r) => ({ category: String(r.category), statement: String(r.statement),
        confidence: Number(r.confidence), evidence: texts(r.evidence) }))
      : [{ category: String(p.category), statement: String(p.hypothesis), confidence: Number(p.confidence), evidence: texts(p.evidence) }];
    return { cycle: e.cycle, reasoner: text(p.reasoner), traceId: text(p.trace_id), hypotheses: ranked };
  }).reverse();
}

export function fixes(detail: IncidentDetail): Fix[] {
  return events(detail).filter((e) => e.event_type === 'FixDrafted').map((e) => ({ cycle: e.cycle,
    summary: String(e.payload.summary), patch: text(e.payload.patch), rationale: text(e.payload.rationale),
    risk: text(e.payload.risk), traceId: text(e.payload.trace_id) })).reverse();
}

export function instrumentation(detail: IncidentDetail): Instrumentation[] {
  return events(detail).filter((e) => e.event_type === 'InstrumentationProposed').map((e) => ({ cycle: e.cycle,
    summary: String(e.payload.summary), missingSignals: texts(e.payload.missing_signals), additions: texts(e.payload.additions),
    patch: text(e.payload.patch), traceId: text(e.payload.trace_id) })).reverse();
}

/** The signals the context builder found missing, per cycle, without repeats. */
export function missingSignals(detail: IncidentDetail): string[] {
  return [...new Set(events(detail).filter((e) => e.event_type === 'ContextBuilt').flatMap((e) => texts(e.payload.missing_signals)))];
}

/** A past incident of the tenant that the context found alike, as the context builder listed it. */
export interface PastIncident {
  incidentId: string;
  service: string;
  title: string;
  resolvedAt: string;
  resolution: string;
  category: string;
  hypothesis: string;
  fix: string;
  verdict: string;
  similarity: number;
}

/** The past incidents the contexts listed, each once (the nearest first, as the latest context ordered them). */
export function pastIncidents(detail: IncidentDetail): PastIncident[] {
  const seen = new Map<string, PastIncident>();
  const contexts = events(detail).filter((e) => e.event_type === 'ContextBuilt').reverse();
  for (const e of contexts) {
    const context = e.payload.context as Record<string, unknown> | undefined;
    const listed = Array.isArray(context?.past_incidents) ? (context.past_incidents as Record<string, unknown>[]) : [];
    for (const p of listed) {
      const id = String(p.incident_id);
      if (!seen.has(id)) {
        seen.set(id, { incidentId: id, service: String(p.service ?? ''), title: String(p.title ?? ''),
          resolvedAt: String(p.resolved_at ?? ''), resolution: String(p.resolution ?? ''), category: String(p.category ?? ''),
          hypothesis: String(p.hypothesis ?? ''), fix: String(p.fix ?? ''), verdict: String(p.verdict ?? ''),
          similarity: Number(p.similarity ?? 0) });
      }
    }
  }
  return [...seen.values()];
}

export function evaluations(detail: IncidentDetail): Evaluation[] {
  return events(detail).filter((e) => e.event_type === 'EvaluationCompleted').map((e) => ({ cycle: e.cycle,
    verdict: text(e.payload.verdict) ?? (e.payload.passed ? 'pass' : 'fail'), assessment: String(e.payload.assessment),
    metrics: (e.payload.metrics ?? {}) as Record<string, number> })).reverse();
}

/** The moments the evidence chart marks: detection, each merge, deploy and evaluation window. */
export function moments(detail: IncidentDetail): { time: string; label: string }[] {
  const labels: Record<string, string> = { IncidentDetected: 'detected', FixApplied: 'merged', FixDeployed: 'deployed',
    EvaluationCompleted: 'evaluated', InvestigationReopened: 'reopened', IncidentResolved: 'resolved' };
  const seen = new Set<string>();
  return events(detail).filter((e) => labels[e.event_type]).flatMap((e) => {
    const label = `${labels[e.event_type]}${detail.cycles.length > 1 ? ` (cycle ${e.cycle})` : ''}`;
    if (seen.has(label)) return [];
    seen.add(label);
    return [{ time: e.time, label }];
  });
}

/** The task keys of the abandoned tasks a person may retry, latest first. */
export function abandonedTasks(detail: IncidentDetail): string[] {
  return [...new Set(events(detail).filter((e) => e.event_type === 'TaskAbandoned').map((e) => String(e.payload.task_key)))].reverse();
}

/** The trace page of a run, from the configured template, or null without one. */
export function traceLink(template: string | null, traceId: string | null): string | null {
  return template && traceId ? template.replace('{trace_id}', encodeURIComponent(traceId)) : null;
}
