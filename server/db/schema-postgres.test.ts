// The two schemas must describe the same tables, or a query written once would mean different
// things on SQLite and PostgreSQL. Compared column by column through drizzle's own table
// descriptions, and against the list the queries take their tables from (tables.ts).
import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqlite from "./schema";
import * as postgres from "./schema-postgres";
import { NAMES, POSTGRES_ONLY } from "./tables";

const tablesOf = (schema: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(schema).filter(([, value]) => is(value, Table))) as Record<
    string,
    Table
  >;

/** The part of drizzle's table description both dialects share. */
type Config = (table: never) => {
  primaryKeys: { columns: { name: string }[] }[];
  indexes: { config: { name?: string; columns: unknown[] } }[];
  foreignKeys: { reference(): { foreignColumns: { name: string }[] } }[];
};

/** What a query can tell apart: names, nullability, defaults, keys, uniqueness, indexes. */
function shape(table: Table, config: Config) {
  const { primaryKeys, indexes, foreignKeys } = config(table as never);
  return {
    name: getTableName(table),
    columns: Object.fromEntries(
      Object.entries(getTableColumns(table)).map(([key, c]) => [
        key,
        {
          name: c.name,
          notNull: c.notNull,
          default: c.default,
          primary: c.primary,
          unique: c.isUnique,
          enum: c.enumValues,
        },
      ]),
    ),
    primaryKey: primaryKeys.map((k) => k.columns.map((c) => c.name)),
    indexes: indexes.map((i) => ({
      name: i.config.name,
      columns: i.config.columns.map((c) => (c as { name: string }).name),
    })),
    references: foreignKeys.map((f) => f.reference().foreignColumns.map((c) => c.name)),
  };
}

describe("the PostgreSQL schema", () => {
  const lite = tablesOf(sqlite);
  const pg = tablesOf(postgres);

  it("has every table of the SQLite schema and no other but its own, and the queries see them all", () => {
    const own = new Set<string>(POSTGRES_ONLY);
    expect(
      Object.keys(pg)
        .filter((name) => !own.has(name))
        .sort(),
    ).toEqual(Object.keys(lite).sort());
    expect(
      Object.keys(pg)
        .filter((name) => own.has(name))
        .sort(),
    ).toEqual([...own].sort());
    expect([...NAMES].sort()).toEqual(Object.keys(lite).sort());
  });

  it.each(Object.keys(lite))("describes %s like the SQLite schema", (name) => {
    expect(shape(pg[name] as Table, pgConfig)).toEqual(shape(lite[name] as Table, sqliteConfig));
  });
});
