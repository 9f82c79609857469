/**
 * The process-wide rate limiter of the account a node's credential belongs to (see core/run/limiter.ts):
 * every execution in this n8n process that uses the same account and API shares one.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { processLimiter, type RateGate } from '../core/run/limiter';

export interface QuotaSettings {
	api: string;
	credentialType: string;
	/** The account's quota for the API, requests per second. */
	quota: number;
	/** This process's fixed share, or 0 for the adaptive rate. */
	share: number;
	windowMs: number;
}

/**
 * The account id the provider counts by (Tencent SecretId, Qiniu AccessKey); it only goes into a hash
 * (limiterKey) and is never logged or output. Undefined when there is no credential or no such field.
 */
async function accountId(ctx: IExecuteFunctions, credentialType: string): Promise<string | undefined> {
	if (!credentialType) return undefined;
	try {
		const credentials = (await ctx.getCredentials(credentialType)) as Record<string, unknown>;
		const id = credentials.secretId ?? credentials.accessKey;
		return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
	} catch {
		return undefined;
	}
}

/** The shared limiter, or undefined when there is nothing to share (no rate limit, no credential). */
export async function accountGate(ctx: IExecuteFunctions, settings: QuotaSettings): Promise<RateGate | undefined> {
	if (!Number.isFinite(settings.quota) || !(settings.quota > 0)) return undefined;
	const id = await accountId(ctx, settings.credentialType);
	if (id === undefined) return undefined;
	return processLimiter(
		settings.api,
		id,
		{ quota: settings.quota, share: settings.share > 0 ? settings.share : undefined, windowMs: settings.windowMs },
		Date.now(),
	);
}
