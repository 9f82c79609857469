/**
 * Verify Invoice: checks each input invoice against the tax bureau with Tencent Cloud
 * VatInvoiceVerifyNew (增值税发票核验). The rules (what each invoice kind sends, refusals, verdicts,
 * differences) live in ../core/invoice/verify.ts; this file reads the parameters, refuses every bad invoice
 * before any request, sends the rest through one scheduler (rate, concurrency, retries), and puts a
 * `verification` on every item in input order with its pairedItem.
 */
import {
	ExecutionBaseError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { APIS, type CredentialType } from '../core/providers/apis';
import type { TencentResponse } from '../core/providers/tencent';
import type { Outcome } from '../core/run/schedule';
import {
	buildVerifyParams,
	buildVerifyRequest,
	differencesText,
	INVOICE_KINDS,
	parseVerifyAnswer,
	verdictFromError,
	verdictFromResponse,
	VERIFY_ACTION,
	type Verdict,
	type VerifyInput,
	type VerifyParams,
} from '../core/invoice/verify';
import { credentialFieldLabel } from '../shared/descriptions';
import { sendRequest } from '../shared/http';
import { describeProblem, nodeError, problemFromError, type Problem } from '../shared/problems';
import { missingCredential, runScheduler } from '../shared/run';
import { keepBinaryFor, readRunOptions, runOptionsProperty } from '../shared/runOptions';

const API = APIS[VERIFY_ACTION];
const CREDENTIAL_TYPE: CredentialType = 'tencentCloudApi';
const NO_TARGET = { binaryProperty: null, fileName: null, sourceUrl: null };

/** The invoice fields, each read from the input item by default and open to an expression. */
const FIELDS: Array<{ name: keyof VerifyInput; displayName: string; description: string }> = [
	{ name: 'invoiceType', displayName: 'Invoice Type', description: 'Canonical invoice type (vat_special, vat_common, digital_common, toll, railway_ticket, air_itinerary, …); decides what is sent' },
	{ name: 'invoiceCode', displayName: 'Invoice Code', description: '发票代码, 10 or 12 digits; empty for 数电 invoices' },
	{ name: 'invoiceNumber', displayName: 'Invoice Number', description: '发票号码, 8 digits, or 20 for 数电. An invoice without one is never sent.' },
	{ name: 'issueDate', displayName: 'Issue Date', description: '开票日期 (YYYY-MM-DD)' },
	{ name: 'checkCode', displayName: 'Check Code', description: '校验码; the last 6 digits are sent for 普票, 电子普票, 卷票 and toll invoices (the last 5 for blockchain)' },
	{ name: 'amountWithoutTax', displayName: 'Amount Without Tax', description: '合计金额 (不含税), sent for 专票 and 电子专票' },
	{ name: 'totalAmount', displayName: 'Total Amount', description: '价税合计, sent for 数电 invoices (for a railway e-ticket its 票价, for an air itinerary its 合计)' },
	{ name: 'sellerTaxId', displayName: 'Seller Tax ID', description: '销方税号, sent for blockchain invoices' },
];

function fieldProperties(): INodeProperties[] {
	return FIELDS.map((field) => ({
		displayName: field.displayName,
		name: field.name,
		type: 'string',
		default: `={{ $json.${field.name} }}`,
		description: `${field.description}. By default the field of the input item, as Normalize Invoice outputs it.`,
		...(field.name === 'invoiceType' ? { displayOptions: { show: { invoiceKind: ['auto'] } } } : {}),
	}));
}

type OutputFormat = 'object' | 'flat';

interface Settings {
	outputFormat: OutputFormat;
	enableTodayInvoice: boolean;
}

function readSettings(ctx: IExecuteFunctions): Settings {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as IDataObject;
	return {
		outputFormat: options.outputFormat === 'flat' ? 'flat' : 'object',
		enableTodayInvoice: options.enableTodayInvoice === true,
	};
}

/** The fields of one item, from the parameters (each may be an expression), or a problem. */
function readInput(ctx: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): VerifyInput {
	const input: VerifyInput = { invoiceKind: ctx.getNodeParameter('invoiceKind', itemIndex, 'auto') };
	for (const field of FIELDS) {
		if (field.name === 'invoiceType' && input.invoiceKind !== 'auto') continue;
		input[field.name] = ctx.getNodeParameter(field.name, itemIndex, null);
	}
	// The printed title tells blockchain invoices (区块链) apart; it is read from the item as is.
	input.invoiceTitle = item.json.invoiceTitle;
	return input;
}

interface Entry {
	itemIndex: number;
	input: VerifyInput;
	params?: VerifyParams;
	problem?: Problem;
	verdict?: Verdict;
	checkedAt?: string;
}

function verificationJson(entry: Entry, settings: Settings, message?: string): IDataObject {
	const verdict = entry.verdict;
	const status = verdict?.status ?? 'error';
	const checkedAt = entry.checkedAt ?? null;
	const requestId = verdict?.requestId ?? entry.problem?.requestId ?? null;
	const text = verdict?.message ?? message ?? '';
	const differences = verdict?.differences ?? [];
	if (settings.outputFormat === 'flat') {
		return {
			verificationStatus: status,
			verificationMessage: text,
			verificationRequestId: requestId,
			verifiedAt: checkedAt,
			differences: differencesText(differences),
		};
	}
	return {
		verification: {
			status,
			message: text,
			requestId,
			checkedAt,
			invoice: (verdict?.invoice ?? null) as unknown as IDataObject,
			differences: differences as unknown as IDataObject[],
		},
	};
}

export class VerifyInvoice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Verify Invoice',
		name: 'verifyInvoice',
		icon: { light: 'file:verifyInvoice.svg', dark: 'file:verifyInvoice.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: API.label,
		description: 'Check Chinese VAT invoices against the tax bureau (发票查验): genuine, voided, red-flushed or not found',
		defaults: {
			name: 'Verify Invoice',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, displayName: credentialFieldLabel(CREDENTIAL_TYPE), required: true }],
		properties: [
			{
				displayName:
					'Every check is billed by Tencent Cloud, a mismatch too, and the tax bureau allows 5 checks per invoice per day. Invoices missing a field their kind needs are refused before any request.',
				name: 'costNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Invoice Kind',
				name: 'invoiceKind',
				type: 'options',
				options: [
					{ name: 'From Invoice Type', value: 'auto', description: 'Decide from the invoice type (and a 20-digit number for 数电)' },
					...Object.entries(INVOICE_KINDS).map(([value, name]) => ({ name: `${value} ${name}`, value })),
				],
				default: 'auto',
				description: 'The InvoiceKind sent to Tencent Cloud; it decides whether the amount or the check code is checked',
			},
			...fieldProperties(),
			runOptionsProperty([VERIFY_ACTION], [
				{
					displayName: 'Check Invoices Issued Today',
					name: 'enableTodayInvoice',
					type: 'boolean',
					default: false,
					description:
						'Whether to also check invoices issued today (EnableTodayInvoice). Invoices reach the bureau with a delay; without this option they come out as not_yet_available.',
				},
				{
					displayName: 'Output Format',
					name: 'outputFormat',
					type: 'options',
					options: [
						{
							name: 'Verification Object',
							value: 'object',
							description: "A verification field with status, message, request ID, time, the bureau's invoice and the differences",
						},
						{
							name: 'Flat Columns',
							value: 'flat',
							description: 'Columns verificationStatus, verificationMessage, verificationRequestId, verifiedAt and differences as text, for spreadsheets',
						},
					],
					default: 'object',
				},
			]),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Anything unexpected is wrapped, never leaked as a bare exception (as runFileJobs does).
		let failure: unknown;
		try {
			return [await verifyItems(this)];
		} catch (error) {
			failure = error;
		}
		if (failure instanceof ExecutionBaseError) throw failure;
		throw new NodeOperationError(this.getNode(), failure instanceof Error ? failure : String(failure), {
			description: 'This is unexpected; please report it with the workflow that caused it.',
		});
	}
}

async function verifyItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const settings = readSettings(ctx);

	// 1. Every invoice checked against the rules before any request.
	const entries: Entry[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const entry: Entry = { itemIndex, input: {} };
		try {
			entry.input = readInput(ctx, itemIndex, items[itemIndex]);
			entry.params = buildVerifyParams(entry.input, { enableTodayInvoice: settings.enableTodayInvoice });
		} catch (error) {
			entry.problem = problemFromError(error);
			if (!continueOnFail) throw nodeError(ctx, entry.problem, itemIndex, NO_TARGET);
		}
		entries.push(entry);
	}

	// 2. The credential, once.
	const toSend = entries.filter((entry) => entry.params && !entry.problem);
	const noCredential = toSend.length > 0 ? await missingCredential(ctx, CREDENTIAL_TYPE) : undefined;
	if (noCredential) {
		if (!continueOnFail) {
			const message = noCredential.message.charAt(0).toUpperCase() + noCredential.message.slice(1);
			throw new NodeOperationError(ctx.getNode(), message, { description: noCredential.hint });
		}
		for (const entry of toSend) entry.problem = noCredential;
	}

	// 3. One request per invoice through one scheduler.
	const options = readRunOptions(ctx, API.defaultRate);
	const signal = ctx.getExecutionCancelSignal?.();
	let failedFast = false;
	// Through the account's shared limiter like every other API call of this process.
	const scheduler = await runScheduler(ctx, VERIFY_ACTION, options, {
		sends: toSend.length > 0 && !noCredential,
		isCancelled: () => failedFast || signal?.aborted === true,
		what: 'an invoice verification',
	});

	let stoppedBy: Entry | undefined;
	// The same invoice twice in one run (a mail forwarded twice) is checked once: every check is billed
	// and counts towards the bureau's 5 a day. Items with identical requests share the answer.
	const sent = new Map<string, Promise<{ outcome: Outcome<TencentResponse>; checkedAt: string }>>();
	const check = async (params: VerifyParams) => {
		const request = buildVerifyRequest(params);
		const outcome = await scheduler.run(async () => {
			const answer = await sendRequest(ctx, request, { api: VERIFY_ACTION, timeoutMs: options.timeoutMs });
			return parseVerifyAnswer(answer, { nowMs: Date.now() });
		});
		return { outcome, checkedAt: new Date().toISOString() };
	};
	await Promise.all(
		entries.map(async (entry) => {
			if (entry.problem || !entry.params) return;
			const key = JSON.stringify(entry.params);
			let pending = sent.get(key);
			if (!pending) {
				pending = check(entry.params);
				sent.set(key, pending);
			}
			const { outcome, checkedAt } = await pending;
			entry.checkedAt = checkedAt;
			if (outcome.ok) {
				entry.verdict = verdictFromResponse(outcome.value, ourReading(items[entry.itemIndex], entry.input));
				return;
			}
			const verdict = verdictFromError(outcome.error);
			if (verdict) {
				entry.verdict = verdict;
				return;
			}
			entry.problem = problemFromError(outcome.error);
			if (!continueOnFail && !entry.problem.cancelled && !failedFast) {
				failedFast = true;
				stoppedBy = entry;
			}
		}),
	);
	if (stoppedBy?.problem) throw nodeError(ctx, stoppedBy.problem, stoppedBy.itemIndex, NO_TARGET);

	// 4. Every item, in input order, with its verification.
	return entries.map((entry) => {
		const input = items[entry.itemIndex];
		const json: IDataObject = { ...input.json };
		if (entry.problem) {
			const message = describeProblem(entry.problem, entry.itemIndex, NO_TARGET);
			Object.assign(json, verificationJson(entry, settings, message), {
				error: message,
				hint: entry.problem.hint,
				code: entry.problem.code,
			});
		} else {
			Object.assign(json, verificationJson(entry, settings));
		}
		const out: INodeExecutionData = { json, pairedItem: { item: entry.itemIndex } };
		if (input.binary && keepBinaryFor(ctx, entry.itemIndex)) out.binary = input.binary;
		return out;
	});
}

/** Our reading of the invoice: the item's fields, with the values the parameters (expressions) gave. */
function ourReading(item: INodeExecutionData, input: VerifyInput): Record<string, unknown> {
	const reading: Record<string, unknown> = { ...item.json };
	for (const [name, value] of Object.entries(input)) {
		if (value !== null && value !== undefined && value !== '') reading[name] = value;
	}
	return reading;
}

