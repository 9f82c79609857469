/**
 * A credential's Endpoint: an optional base URL (a proxy, a regional host, a local emulator) that
 * replaces the public host of the requests it applies to.
 */
import { tryParseUrl } from './dialects';
import { SigningError } from './error';

/** The credential's Endpoint as a URL; undefined when it is empty. Throws when it cannot be used as a base. */
export function parseEndpoint(endpoint: string | undefined, credentialName: string, example: string): URL | undefined {
	const text = (endpoint ?? '').trim();
	if (text === '') return undefined;
	const fix = `Enter a base URL such as ${example} or http://127.0.0.1:9000 (a local emulator), or leave Endpoint empty to use the public API.`;
	const url = tryParseUrl(text);
	if (!url) throw new SigningError(`The Endpoint of the ${credentialName} credential is not a valid URL`, fix);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new SigningError(`The Endpoint of the ${credentialName} credential must start with https:// or http://`, fix);
	}
	if (url.username !== '' || url.password !== '') {
		throw new SigningError(
			`The Endpoint of the ${credentialName} credential contains a user name or password`,
			'Remove the "user:password@" part from Endpoint; the credential signs every request itself.',
		);
	}
	if (url.search !== '' || url.hash !== '') {
		throw new SigningError(`The Endpoint of the ${credentialName} credential must not contain "?" or "#"`, fix);
	}
	return url;
}

/** The request URL with its origin replaced by the endpoint's, the endpoint's base path kept in front. */
function onEndpoint(url: URL, endpoint: URL): URL {
	const basePath = endpoint.pathname.replace(/\/+$/, '');
	return new URL(`${endpoint.origin}${basePath}${url.pathname}${url.search}`);
}

/** A redirect for rebuildRequest: requests to a URL `applies` accepts go to the endpoint; none without one. */
export function redirectTo(
	endpoint: URL | undefined,
	applies: (url: URL, endpoint: URL) => boolean,
): (url: URL) => URL | undefined {
	return (url) => (endpoint !== undefined && applies(url, endpoint) ? onEndpoint(url, endpoint) : undefined);
}
