/**
 * Query strings (and urlencoded form bodies) serialized deterministically, RFC 3986 encoded, the way
 * axios and n8n's request paths put them on the wire.
 */

export type ArrayFormat = 'brackets' | 'indices' | 'repeat' | 'comma';

function encodeComponent(text: string): string {
	return encodeURIComponent(text).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

function scalarText(value: unknown): string {
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object' && value !== null) return JSON.stringify(value);
	return String(value);
}

/**
 * Serialize query parameters (or a urlencoded form) deterministically, RFC 3986 encoded. Nested
 * objects become `a[b]=c`; arrays follow `arrayFormat` (`brackets` `a[]=1&a[]=2`, as axios does by
 * default; `indices` `a[0]=1`; `repeat` `a=1&a=2`; `comma` `a=1,2`). `undefined` is left out, `null`
 * is an empty value.
 */
export function serializeQuery(params: Record<string, unknown>, arrayFormat: ArrayFormat = 'brackets'): string {
	const pairs: string[] = [];
	const add = (key: string, value: string): void => {
		pairs.push(`${encodeComponent(key)}=${encodeComponent(value)}`);
	};
	const walk = (key: string, value: unknown): void => {
		if (value === undefined) return;
		if (value === null) return add(key, '');
		if (value instanceof Date) return add(key, value.toISOString());
		if (Array.isArray(value)) {
			if (arrayFormat === 'comma') {
				return add(
					key,
					value
						.filter((item) => item !== undefined)
						.map((item) => (item === null ? '' : scalarText(item)))
						.join(','),
				);
			}
			value.forEach((item, index) => {
				const itemKey = arrayFormat === 'repeat' ? key : arrayFormat === 'indices' ? `${key}[${index}]` : `${key}[]`;
				walk(itemKey, item);
			});
			return;
		}
		if (typeof value === 'object') {
			for (const [childKey, child] of Object.entries(value as Record<string, unknown>)) walk(`${key}[${childKey}]`, child);
			return;
		}
		add(key, String(value));
	};
	for (const [key, value] of Object.entries(params)) walk(key, value);
	return pairs.join('&');
}
