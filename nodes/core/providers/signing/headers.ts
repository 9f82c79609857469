/**
 * HTTP headers held in a plain object, read and written by case-insensitive name: the one place that
 * knows a header's name has no letter case. Used for the headers a request is signed with and for the
 * headers of an answer (Node lower-cases those, n8n and callers may not).
 */

/** The key under which `headers` holds the header `name`, matched case-insensitively; the first such key. */
export function findHeaderKey(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	return Object.keys(headers).find((key) => key.toLowerCase() === wanted);
}

/**
 * The value of a header as text, matched case-insensitively (the first key that matches): the first
 * value of a repeated header (an array), `undefined` for an empty array, `undefined` or `null`, and
 * anything else (a number, say) as its String().
 */
export function readHeader(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const key = findHeaderKey(headers, name);
	if (key === undefined || !headers) return undefined;
	const value = headers[key];
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	if (value === undefined || value === null) return undefined;
	return String(value);
}

/** Remove the header `name` under every letter case it is held in. */
export function deleteHeader<V>(headers: Record<string, V>, name: string): void {
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers)) if (key.toLowerCase() === wanted) delete headers[key];
}

/** Set the header `name` to `value`, replacing it under every letter case it was held in. */
export function setHeader<V>(headers: Record<string, V>, name: string, value: V): void {
	deleteHeader(headers, name);
	headers[name] = value;
}
