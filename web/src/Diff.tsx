import { diffLines } from './diff';

/** A unified diff with its lines coloured and numbered, as a code host shows it. */
export function Diff({ patch, label }: { patch: string; label: string }) {
  return (
    <div className="diff" role="region" aria-label={label} tabIndex={0}>
      <table>
        <tbody>
          {diffLines(patch).map((line, i) => (
            <tr key={i} className={line.kind}>
              <td className="number" aria-hidden="true">{line.oldNumber ?? ''}</td>
              <td className="number" aria-hidden="true">{line.newNumber ?? ''}</td>
              <td><code>{line.text}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
