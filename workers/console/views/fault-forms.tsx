/**
 * The faults page's forms, each posting a fault action to `POST /console/faults`: crash, restart,
 * stop or resume a replica (picked from a table's replicas, or typed by name), cut or heal the
 * links between two zones of the region, isolate or rejoin a region, and reset every fault.
 */

import type { Child } from "hono/jsx";

/** A replica to pick: its name, and how the list shows it. */
export interface ReplicaChoice {
  group: string;
  name: string;
  label: string;
}

function Buttons(props: { actions: [string, string][] }): Child {
  return (
    <span class="buttons">
      {props.actions.map(([action, label]) => (
        <button type="submit" name="action" value={action} class={action === "crash" ? "danger" : undefined}>
          {label}
        </button>
      ))}
    </span>
  );
}

/** Picks the table whose replicas the replica form lists (a GET form: the page again with `table`). */
function TablePicker(props: { faultsPath: string; region: string; tables: string[]; chosen?: string }): Child {
  return (
    <form method="get" action={props.faultsPath} class="row">
      <input type="hidden" name="region" value={props.region} />
      <label>
        List the replicas of table
        <select name="table">
          <option value="">(none: type a replica name)</option>
          {props.tables.map((t) => (
            <option value={t} selected={t === props.chosen}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">List</button>
    </form>
  );
}

function ReplicaField(props: { replicas?: ReplicaChoice[] }): Child {
  if (!props.replicas || props.replicas.length === 0) {
    return (
      <label>
        Replica name
        <input
          type="text"
          name="replica"
          required
          size={60}
          placeholder="<tableId>/<partition>/<region>/<zone>"
          autocomplete="off"
        />
      </label>
    );
  }
  const groups = [...new Set(props.replicas.map((r) => r.group))];
  return (
    <label>
      Replica
      <select name="replica" required>
        {groups.map((group) => (
          <optgroup label={group}>
            {props.replicas
              ?.filter((r) => r.group === group)
              .map((r) => (
                <option value={r.name}>{r.label}</option>
              ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

export function FaultForms(props: {
  postTo: string;
  faultsPath: string;
  back: string;
  region: string;
  regions: string[];
  zones: string[];
  tables: string[];
  chosenTable?: string;
  replicas?: ReplicaChoice[];
}): Child {
  const back = <input type="hidden" name="back" value={props.back} />;
  return (
    <div class="fault-forms">
      <fieldset>
        <legend>A replica</legend>
        <TablePicker
          faultsPath={props.faultsPath}
          region={props.region}
          tables={props.tables}
          chosen={props.chosenTable}
        />
        <form method="post" action={props.postTo} class="row">
          {back}
          <ReplicaField replicas={props.replicas} />
          <Buttons
            actions={[
              ["crash", "Crash"],
              ["restart", "Restart"],
              ["stop", "Stop"],
              ["resume", "Resume"],
            ]}
          />
        </form>
      </fieldset>
      <fieldset>
        <legend>{`Links between two zones of ${props.region}`}</legend>
        <form method="post" action={props.postTo} class="row">
          {back}
          <label>
            First zone
            <select name="zones">
              {props.zones.map((z, i) => (
                <option value={z} selected={i === 0}>
                  {z}
                </option>
              ))}
            </select>
          </label>
          <label>
            Second zone
            <select name="zones">
              {props.zones.map((z, i) => (
                <option value={z} selected={i === 1}>
                  {z}
                </option>
              ))}
            </select>
          </label>
          <Buttons
            actions={[
              ["cut", "Cut"],
              ["heal", "Heal"],
            ]}
          />
        </form>
      </fieldset>
      <fieldset>
        <legend>A region</legend>
        <form method="post" action={props.postTo} class="row">
          {back}
          <label>
            Region
            <select name="region">
              {props.regions.map((r) => (
                <option value={r} selected={r === props.region}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <Buttons
            actions={[
              ["isolate", "Isolate"],
              ["rejoin", "Rejoin"],
            ]}
          />
        </form>
      </fieldset>
      <fieldset>
        <legend>Everything</legend>
        <form method="post" action={props.postTo} class="row">
          {back}
          <button type="submit" name="action" value="reset">
            Reset all faults
          </button>
        </form>
      </fieldset>
    </div>
  );
}
