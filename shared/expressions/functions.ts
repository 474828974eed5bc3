/**
 * The functions of the expression language and their operand counts, by the kind of expression
 * that has them. Each checker names the other kind's functions as misplaced rather than unknown.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */

/** Functions of conditions (condition, filter and key condition expressions); `size` is only valid as an operand. */
export const CONDITION_FUNCTIONS: Readonly<Record<string, number>> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
};

/** Functions of update expressions. */
export const UPDATE_FUNCTIONS: Readonly<Record<string, number>> = { if_not_exists: 2, list_append: 2 };
