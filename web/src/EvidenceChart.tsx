import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { get, type EvidenceSeries } from './api';

/** A moment to mark on the chart: the detection, a merge, a deploy, an evaluation. */
export interface Marker {
  time: string;
  label: string;
}

/** How much evidence to ask for: as long before the detection as after it to the last marker, in about 120 steps. */
export function evidenceQuery(detectedAt: string, markers: Marker[]): string {
  const detected = new Date(detectedAt).getTime();
  const last = Math.max(detected, ...markers.map((m) => new Date(m.time).getTime()));
  const minutesAfter = Math.min(1440, Math.ceil((last - detected) / 60000) + 2);
  const minutesBefore = Math.min(1440, Math.max(3, minutesAfter));
  const step = Math.max(1, Math.ceil(((minutesBefore + minutesAfter) * 60) / 120));
  return `minutes_before=${minutesBefore}&minutes_after=${minutesAfter}&step_seconds=${step}`;
}

/**
 * The evidence around the incident (its signature's occurrences and its service's failed requests per step) with the
 * detection and the fix's moments marked: the before/after an evaluation judged.
 */
export function EvidenceChart({ incidentId, detectedAt, markers }: { incidentId: string; detectedAt: string; markers: Marker[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [series, setSeries] = useState<EvidenceSeries | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const query = evidenceQuery(detectedAt, markers);
  const markerKey = JSON.stringify(markers); // a new array each render; the chart is redrawn only when they change

  useEffect(() => {
    get<EvidenceSeries>(`/v1/incidents/${encodeURIComponent(incidentId)}/evidence?${query}`).then(setSeries,
      (e: Error) => setProblem(e.message));
  }, [incidentId, query]);

  useEffect(() => {
    if (!series || !box.current) return;
    const element = box.current;
    const times = series.points.map((p) => new Date(p.t).getTime() / 1000);
    const moments = markers.map((m) => ({ at: new Date(m.time).getTime() / 1000, label: m.label }));
    const chart = new uPlot({
      width: element.clientWidth,
      height: 220,
      series: [
        {},
        { label: 'Signature occurrences', stroke: '#b3261e', width: 2 },
        { label: 'Failed requests', stroke: '#1d4ed8', width: 2, dash: [6, 4] },
      ],
      axes: [{}, { label: 'per step' }],
      hooks: {
        draw: [(u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = '#374151';
          ctx.strokeStyle = '#6b7280';
          ctx.font = `${12 * devicePixelRatio}px system-ui`;
          moments.forEach((moment, i) => {
            const x = u.valToPos(moment.at, 'x', true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            // Labels of moments close together are staggered so that they stay readable.
            ctx.fillText(moment.label, x + 3, u.bbox.top + (12 + (i % 4) * 14) * devicePixelRatio);
          });
          ctx.restore();
        }],
      },
    }, [times, series.points.map((p) => p.signature_occurrences), series.points.map((p) => p.failed_requests)], element);
    const resized = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: 220 }));
    resized.observe(element);
    return () => { resized.disconnect(); chart.destroy(); };
  }, [series, markerKey]); // eslint-disable-line react-hooks/exhaustive-deps

  if (problem) return <p role="alert" className="problem">The evidence could not be read: {problem}</p>;
  if (!series) return <p aria-live="polite">Loading the evidence…</p>;
  const occurrences = series.points.reduce((sum, p) => sum + p.signature_occurrences, 0);
  return (
    <figure>
      <div ref={box} className="chart" role="img" aria-label={`Signature occurrences and failed requests per ${series.step_seconds} s`
        + ` from ${series.from} to ${series.to}: ${occurrences} occurrences in all; marked: ${markers.map((m) => m.label).join(', ')}`} />
      <figcaption>Per {series.step_seconds} s around the detection; the lines mark {markers.map((m) => m.label).join(', ')}.</figcaption>
    </figure>
  );
}
