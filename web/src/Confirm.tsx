import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';

/**
 * A person's action behind a confirmation step: the button opens a short form saying what will be recorded (with a
 * reason when the fact takes one); only its Confirm records it. A repeated click sends the same client_request_id.
 */
export function Confirm({ label, question, reason, run, children }: {
  label: string;
  question: string;
  reason?: string;
  run: (requestId: string, reason: string) => Promise<string>;
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [why, setWhy] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const requestId = useRef(crypto.randomUUID());
  const first = useRef<HTMLButtonElement & HTMLTextAreaElement>(null);

  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      setOutcome({ ok: true, text: await run(requestId.current, why.trim()) });
      setOpen(false);
      requestId.current = crypto.randomUUID();
    } catch (e) {
      setOutcome({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="action">
      {!open && <button type="button" onClick={() => { setOpen(true); setOutcome(null); }}>{label}…</button>}
      {open && (
        <form className="confirm" onSubmit={submit} aria-label={question}>
          <p><strong>{question}</strong></p>
          {children}
          {reason !== undefined && (
            <label>{reason}
              <textarea ref={first} value={why} onChange={(e) => setWhy(e.target.value)} required maxLength={500} rows={2} />
            </label>
          )}
          <div className="buttons">
            <button type="submit" ref={reason === undefined ? first : undefined} disabled={busy}>Confirm {label.toLowerCase()}</button>
            <button type="button" onClick={() => setOpen(false)} disabled={busy}>Cancel</button>
          </div>
        </form>
      )}
      {outcome && <p role="status" className={outcome.ok ? 'done' : 'problem'}>{outcome.text}</p>}
    </div>
  );
}
