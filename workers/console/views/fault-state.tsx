/**
 * The faults injected now (workers/link/faults.ts `faults.state()`), each with the button that
 * undoes it: restart a crashed replica, resume a stopped one, heal a cut, rejoin an isolated
 * region. "No faults" when there are none.
 */

import type { Child } from "hono/jsx";
import type { FaultState } from "../../link/faults";
import { msText } from "../format";
import { FaultButtons } from "./fault-buttons";

interface Line {
  what: string;
  target: string;
  undo?: { action: string; label: string; fields: Record<string, string>; zones?: string[] };
}

function linesOf(state: FaultState): Line[] {
  return [
    ...state.down.map((name) => ({
      what: "crashed",
      target: name,
      undo: { action: "restart", label: "Restart", fields: { replica: name } },
    })),
    ...state.stopped.map((name) => ({
      what: "stopped",
      target: name,
      undo: { action: "resume", label: "Resume", fields: { replica: name } },
    })),
    ...Object.entries(state.slow).map(([name, ms]) => ({ what: `slowed by ${msText(ms)}`, target: name })),
    ...state.cut.map(([a, b]) => ({
      what: "cut",
      target: `${a} ↔ ${b}`,
      undo: { action: "heal", label: "Heal", fields: {}, zones: [a, b] },
    })),
    ...state.isolated.map((region) => ({
      what: "isolated",
      target: region,
      undo: { action: "rejoin", label: "Rejoin", fields: { region } },
    })),
  ];
}

export function FaultStateView(props: { state: FaultState; postTo: string; back: string }): Child {
  const lines = linesOf(props.state);
  if (lines.length === 0) return <p data-faults="none">No faults injected.</p>;
  return (
    <table class="fault-state" data-faults={String(lines.length)}>
      <caption class="muted">Faults injected now</caption>
      <thead>
        <tr>
          <th scope="col">Fault</th>
          <th scope="col">On</th>
          <th scope="col">Undo</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr>
            <td>{line.what}</td>
            <td>
              <code>{line.target}</code>
            </td>
            <td>
              {line.undo ? (
                <FaultButtons
                  postTo={props.postTo}
                  fields={line.undo.fields}
                  repeated={line.undo.zones ? { zones: line.undo.zones } : undefined}
                  back={props.back}
                  buttons={[
                    {
                      action: line.undo.action,
                      label: line.undo.label,
                      description: `${line.undo.label} ${line.target}`,
                    },
                  ]}
                />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
