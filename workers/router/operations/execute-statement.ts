/**
 * ExecuteStatement: one PartiQL statement, run as the item operation it translates to. A SELECT
 * pages through a Query or Scan (./partiql-select.ts); an INSERT, UPDATE or DELETE is a PutItem,
 * UpdateItem or DeleteItem (./partiql-write.ts), answered with the attributes RETURNING asks for
 * as the one item of Items (none when there are none).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
 */
import { validateExecuteStatement } from "../../../shared/api/operations/execute-statement";
import { statementTarget, type WriteStatement } from "../../../shared/partiql/translate";
import type { Operation } from "../context";
import { runSelect } from "./partiql-select";
import { partiqlTable } from "./partiql-table";
import { prepareWrite } from "./partiql-write";

export const executeStatement: Operation = async (ctx, body) => {
  const request = validateExecuteStatement(body);
  const { input, statement } = request;
  if (statement.kind === "select") return runSelect(ctx, input, request);
  const write = statement as WriteStatement;
  const table = await partiqlTable(ctx, statementTarget(write));
  const answer = await prepareWrite(ctx, write, table.keys, input).run();
  return {
    Items: answer.Attributes ? [answer.Attributes] : [],
    ...(answer.ConsumedCapacity ? { ConsumedCapacity: answer.ConsumedCapacity } : {}),
  };
};
