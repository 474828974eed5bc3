/**
 * A small form of fault buttons posting to the faults page (`POST /console/faults`): the fields
 * that name the target (hidden), one submit button per action (`name="action"`, so the pressed
 * one is sent), and `back`, the page to return to. Every button has a label that names its target.
 */

import type { Child } from "hono/jsx";

export interface FaultButton {
  action: string;
  label: string;
  /** The accessible name: the label and its target. */
  description: string;
  danger?: boolean;
}

export function FaultButtons(props: {
  postTo: string;
  fields: Record<string, string>;
  /** Fields sent more than once (the two zones of a cut). */
  repeated?: Record<string, string[]>;
  buttons: FaultButton[];
  back: string;
}): Child {
  return (
    <form method="post" action={props.postTo} class="fault-buttons">
      {Object.entries(props.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {Object.entries(props.repeated ?? {}).flatMap(([name, values]) =>
        values.map((value) => <input type="hidden" name={name} value={value} />),
      )}
      <input type="hidden" name="back" value={props.back} />
      {props.buttons.map((b) => (
        <button
          type="submit"
          name="action"
          value={b.action}
          class={b.danger ? "danger" : undefined}
          aria-label={b.description}
          title={b.description}
        >
          {b.label}
        </button>
      ))}
    </form>
  );
}

/** Crash, Restart, Stop and Resume for one replica, called `label` in the buttons' names. */
export function ReplicaFaultButtons(props: { postTo: string; replica: string; label: string; back: string }): Child {
  const button = (action: string, label: string, danger = false): FaultButton => ({
    action,
    label,
    description: `${label} ${props.label}`,
    danger,
  });
  return (
    <FaultButtons
      postTo={props.postTo}
      fields={{ replica: props.replica }}
      back={props.back}
      buttons={[
        button("crash", "Crash", true),
        button("restart", "Restart"),
        button("stop", "Stop"),
        button("resume", "Resume"),
      ]}
    />
  );
}
