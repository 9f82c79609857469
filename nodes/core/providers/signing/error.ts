/** An error whose message says what happened and whose description says how to fix it. Never holds a secret. */
export class SigningError extends Error {
	readonly description: string;

	constructor(message: string, description = '') {
		super(message);
		this.name = 'SigningError';
		this.description = description;
	}
}
