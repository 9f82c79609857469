/**
 * The one field-table fill of the readers: a table names, for each field of the local-reader shape, where its
 * value is in the source (an XML element name, a printed label), and one read function looks each up. The 数电
 * XML reader and the printed-layout readers (air itinerary, railway e-ticket) describe their fields this way,
 * so a field is added by a line in a table, not by a new statement.
 */

/** For each field of T that a source fills: where the source holds it. */
export type FieldTable<T> = { readonly [Field in keyof T]?: string };

/** Sets every field the table names to `read(where)`; the other fields keep their values. */
export function fillFields<T extends object>(target: T, table: FieldTable<T>, read: (where: string) => string): T {
	const out = target as Record<string, unknown>;
	for (const [field, where] of Object.entries(table) as Array<[string, string | undefined]>) {
		if (where !== undefined) out[field] = read(where);
	}
	return target;
}
