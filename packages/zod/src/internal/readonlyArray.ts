import * as z from "zod"

/**
 * `z.array(item)`, typed with the read-only arrays of the core's types so that
 * values pass between the two without a cast. The parsed array is an ordinary
 * one (not frozen, unlike `.readonly()`); only its type is read-only.
 */
export const readonlyArray = <Item extends z.ZodType>(
  item: Item
): z.ZodType<ReadonlyArray<z.output<Item>>, ReadonlyArray<z.input<Item>>> => z.array(item)
