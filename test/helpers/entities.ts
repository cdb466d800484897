import { Column, type ColumnOptions, PrimaryKey, Table } from 'strata-orm';

/**
 * An entity class built at run time: a `@PrimaryKey() id` (unless `id` is listed) and one `@Column` per
 * entry, applied the way legacy decorators apply them. For table-driven tests over column options.
 */
export function defineEntity(className: string, table: string, columns: Record<string, ColumnOptions & { design?: unknown }>): new () => object {
  const cls = { [className]: class {} }[className]!;
  if (!('id' in columns)) {
    Reflect.defineMetadata('design:type', Number, cls.prototype, 'id');
    PrimaryKey()(cls.prototype, 'id');
  }
  for (const [property, { design, ...options }] of Object.entries(columns)) {
    if (design !== undefined) Reflect.defineMetadata('design:type', design, cls.prototype, property);
    Column(options)(cls.prototype, property);
  }
  Table(table)(cls);
  return cls;
}
