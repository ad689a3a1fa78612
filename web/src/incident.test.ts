import { describe, expect, it } from 'vitest';
import type { IncidentDetail, TimelineEvent } from './api';
import { abandonedTasks, diagnoses, evaluations, missingSignals, moments, pastIncidents, traceLink } from './incident';

function event(type: string, cycle: number, time: string, payload: Record<string, unknown>): TimelineEvent {
  return { event_id: `${type}-${cycle}-${time}`, event_type: type, time, cycle, agent: { name: 'a', version: '1' }, payload };
}

// Two cycles as the demo's "fix that does not help" records them, written by hand.
const DETAIL: IncidentDetail = {
  incident: { incident_id: 'ep-1', status: 'root_cause_proposed', cycle: 2, service: 'accounts', signature: 'abc', rule: 'novelty',
    title: 'New error', detected_at: '2026-12-06T09:00:00Z', last_event_at: '2026-12-06T09:02:00Z', top_hypothesis: null },
  view: {},
  cycles: [
    { cycle: 1, events: [
      event('IncidentDetected', 1, '2026-12-06T09:00:00Z', {}),
      event('ContextBuilt', 1, '2026-12-06T09:00:04Z', { missing_signals: ['trace_id', 'request_id'] }),
      event('RootCauseProposed', 1, '2026-12-06T09:00:05Z', { hypothesis: 'A defect', category: 'code_defect', confidence: 0.76,
        evidence: ['NullPointerException at Coupons.java:88'], trace_id: null }),
      event('FixApplied', 1, '2026-12-06T09:00:20Z', {}),
      event('EvaluationCompleted', 1, '2026-12-06T09:01:00Z', { passed: false, assessment: 'still failing',
        metrics: { error_rate_after: 0.2 } }),
      event('TaskAbandoned', 1, '2026-12-06T09:01:01Z', { task_key: 't/1' }),
    ] },
    { cycle: 2, events: [
      event('InvestigationReopened', 2, '2026-12-06T09:01:02Z', {}),
      event('ContextBuilt', 2, '2026-12-06T09:01:04Z', { missing_signals: ['trace_id'], context: { past_incidents: [
        { incident_id: 'ep-0', cycle: 1, service: 'accounts', title: 'New error', resolved_at: '2026-12-01T10:00:00Z',
          resolution: 'a person', category: 'bad_config_value', hypothesis: 'timeout=1ms is invalid', confidence: 0.8,
          fix: 'Set the timeout to 1s', verdict: '', assessment: '', similarity: 0.82 }] } }),
      event('RootCauseProposed', 2, '2026-12-06T09:01:05Z', { hypothesis: 'A config', category: 'configuration', confidence: 0.6,
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', reasoner: 'model/x', ranked: [
          { category: 'configuration', statement: 'A config', confidence: 0.6, evidence: ['timeout=1ms'] },
          { category: 'dependency', statement: 'The database', confidence: 0.3, evidence: [] }] }),
    ] },
  ],
};

describe('the incident page', () => {
  it('lists each cycle\'s hypotheses, latest cycle first, ranked or the top one alone', () => {
    expect(diagnoses(DETAIL)).toEqual([
      { cycle: 2, reasoner: 'model/x', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', hypotheses: [
        { category: 'configuration', statement: 'A config', confidence: 0.6, evidence: ['timeout=1ms'] },
        { category: 'dependency', statement: 'The database', confidence: 0.3, evidence: [] }] },
      { cycle: 1, reasoner: null, traceId: null, hypotheses: [
        { category: 'code_defect', statement: 'A defect', confidence: 0.76, evidence: ['NullPointerException at Coupons.java:88'] }] },
    ]);
  });

  it('lists the past incidents the contexts found alike, each once', () => {
    expect(pastIncidents(DETAIL)).toEqual([{ incidentId: 'ep-0', service: 'accounts', title: 'New error',
      resolvedAt: '2026-12-01T10:00:00Z', resolution: 'a person', category: 'bad_config_value',
      hypothesis: 'timeout=1ms is invalid', fix: 'Set the timeout to 1s', verdict: '', similarity: 0.82 }]);
  });

  it('reads missing signals once, the verdict, the moments to mark and the tasks to retry', () => {
    expect(missingSignals(DETAIL)).toEqual(['trace_id', 'request_id']);
    expect(evaluations(DETAIL)).toEqual([{ cycle: 1, verdict: 'fail', assessment: 'still failing', metrics: { error_rate_after: 0.2 } }]);
    expect(moments(DETAIL).map((m) => m.label)).toEqual(['detected (cycle 1)', 'merged (cycle 1)', 'evaluated (cycle 1)',
      'reopened (cycle 2)']);
    expect(abandonedTasks(DETAIL)).toEqual(['t/1']);
  });

  it('links a trace only when a template is configured', () => {
    expect(traceLink('https://langfuse.example/project/p/traces/{trace_id}', 'abc')).toBe('https://langfuse.example/project/p/traces/abc');
    expect(traceLink(null, 'abc')).toBeNull();
    expect(traceLink('https://x/{trace_id}', null)).toBeNull();
  });
});
