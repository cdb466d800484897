import { BelongsTo, Column, type ColumnOptions, type EntityClass, Index, PrimaryKey, sql, Table, Unique } from 'strata-orm';

/** A random entity set, as plain data that random steps edit and that becomes decorated classes. */
export interface ColumnSpec {
  property: string;
  type: 'string' | 'text' | 'integer' | 'bigint' | 'boolean' | 'decimal' | 'float' | 'double' | 'date' | 'datetime' | 'json' | 'enum';
  nullable: boolean;
  length?: number;
  values?: string[];
  default?: 'literal' | 'now';
  renamedFrom?: string;
}

export interface RelationSpec {
  property: string;
  target: string;
  onDelete: 'cascade' | 'set null' | 'no action';
}

export interface TableSpec {
  className: string;
  table: string;
  renamedFrom?: string;
  columns: ColumnSpec[];
  relations: RelationSpec[];
  uniques: string[][];
  indexes: string[][];
}

export type EntitySet = TableSpec[];

/** A literal default that suits the column. */
export function defaultFor(c: ColumnSpec): ColumnOptions['default'] {
  if (c.default === 'now') return sql('CURRENT_TIMESTAMP');
  switch (c.type) {
    case 'string': case 'text': return 'dflt';
    case 'integer': return 7;
    case 'bigint': return '9000000000';
    case 'boolean': return true;
    case 'decimal': return '12.50';
    case 'float': return 0.5;
    case 'double': return 2.25;
    case 'date': return '2020-01-01';
    case 'datetime': return new Date('2020-01-01T00:00:00Z');
    case 'json': return { k: [1] };
    case 'enum': return c.values![0];
  }
}

/** A value for row `n`, distinct per row so that unique constraints hold. */
export function valueFor(c: ColumnSpec, n: number): unknown {
  switch (c.type) {
    case 'string': case 'text': return `v${n}`;
    case 'integer': return n;
    case 'bigint': return String(1_000_000_000_000 + n);
    case 'boolean': return n % 2 === 0;
    case 'decimal': return `${n}.25`;
    case 'float': return n + 0.5;
    case 'double': return n + 0.25;
    case 'date': return `2021-01-${String((n % 28) + 1).padStart(2, '0')}`;
    // An ISO string, not a Date: under jest a Date from the test's realm reaches sqlite3 as "[object Object]".
    case 'datetime': return new Date(Date.UTC(2021, 0, 1, 0, 0, n)).toISOString();
    case 'json': return JSON.stringify({ n });
    case 'enum': return c.values![n % c.values!.length];
  }
}

/** A value as it reads back, in one form for both engines. */
export function normalizeValue(c: ColumnSpec, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (c.type) {
    case 'boolean': return String(value === true || value === 1 || value === '1' || value === 't');
    case 'integer': case 'bigint': case 'float': case 'double': return String(Number(value));
    case 'decimal': return String(Number(value));
    case 'json': return JSON.stringify(typeof value === 'string' ? JSON.parse(value) : value);
    case 'date': return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'datetime': {
      if (value instanceof Date || typeof value === 'number') return new Date(value).toISOString();
      const text = String(value).replace(' ', 'T');
      const date = new Date(/Z|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
      if (Number.isNaN(date.getTime())) throw new Error(`unreadable datetime ${JSON.stringify(value)} (${typeof value})`);
      return date.toISOString();
    }
    default: return String(value);
  }
}

export function columnName(property: string): string {
  return property.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Decorated classes for an entity set, built the way legacy decorators apply. */
export function buildEntities(set: EntitySet): EntityClass[] {
  const classes = new Map<string, EntityClass>();
  for (const spec of set) classes.set(spec.className, { [spec.className]: class {} }[spec.className]! as EntityClass);
  for (const spec of set) {
    const cls = classes.get(spec.className)!;
    const p = cls.prototype as object;
    PrimaryKey({ type: 'integer' })(p, 'id');
    for (const c of spec.columns) {
      const options: ColumnOptions = { type: c.type, nullable: c.nullable };
      if (c.length !== undefined) options.length = c.length;
      if (c.values) options.enum = c.values;
      if (c.type === 'decimal') Object.assign(options, { precision: 10, scale: 2 });
      if (c.default) options.default = defaultFor(c);
      if (c.renamedFrom) options.renamedFrom = c.renamedFrom;
      Column(options)(p, c.property);
    }
    for (const r of spec.relations) {
      BelongsTo(() => classes.get(r.target)!, { nullable: true, onDelete: r.onDelete })(p, r.property);
    }
    for (const u of spec.uniques) Unique(u)(cls);
    for (const i of spec.indexes) Index(i)(cls);
    Table(spec.renamedFrom ? { name: spec.table, renamedFrom: spec.renamedFrom } : spec.table)(cls);
  }
  return [...classes.values()];
}
