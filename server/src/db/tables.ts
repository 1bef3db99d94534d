/**
 * Table names derived from the drizzle schema, never kept by hand: a hand-kept list once missed
 * `figures_approved` and broke the demo reset.
 */
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from './schema.ts';

export const SCHEMA_TABLES: SQLiteTable[] = (Object.values(schema) as unknown[]).filter((x): x is SQLiteTable => is(x, SQLiteTable));

export const tableName = (t: SQLiteTable): string => getTableConfig(t).name;

/** Every table of the schema, by name. */
export const TABLE_NAMES: string[] = SCHEMA_TABLES.map(tableName);
