import { fromWire } from "../../../shared/api/errors";
import { validateCreateTable } from "../../../shared/api/operations/create-table";
import type { Operation } from "../context";

export const createTable: Operation = async (ctx, body) => {
  const input = validateCreateTable(body);
  const reply = await ctx.metadata("createTable", [input, ctx.now()]);
  if (!reply.ok) throw fromWire(reply.error);
  const { BillingModeSummary, ...description } = reply.description;
  // DynamoDB's CreateTable answer names the billing mode only; DescribeTable adds the switch time.
  return {
    TableDescription: BillingModeSummary
      ? { ...description, BillingModeSummary: { BillingMode: BillingModeSummary.BillingMode } }
      : description,
  };
};
