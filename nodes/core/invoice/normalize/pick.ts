import type { JsonObject } from './types';

/** The first of `keys` whose value in `source` is present and not an empty string. */
export function pick(source: JsonObject, ...keys: string[]): unknown {
	for (const key of keys) {
		const value = source[key];
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
}

/** The elements of `value` that are objects, or an empty array. */
export function objectArray(value: unknown): JsonObject[] {
	if (!Array.isArray(value)) return [];
	const out: JsonObject[] = [];
	for (const element of value) {
		if (typeof element === 'object' && element !== null && !Array.isArray(element)) out.push(element as JsonObject);
	}
	return out;
}

/** Whether a provider value says nothing (absent, null or an empty / blank string). */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
