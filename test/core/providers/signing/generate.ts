/**
 * Seeded generators for signing tests: the same seed gives the same requests on every run.
 */
import type { Random } from '../../../helpers/random';

export function int(rnd: Random, min: number, max: number): number {
	return min + Math.floor(rnd() * (max - min + 1));
}

export function pick<T>(rnd: Random, items: readonly T[]): T {
	return items[Math.floor(rnd() * items.length)];
}

export function chance(rnd: Random, p: number): boolean {
	return rnd() < p;
}

const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~ !"#$%&\'()*+,/:;<=>?@[\\]^`{|}';
const INVOICE_WORDS = [
	'增值税电子普通发票',
	'购买方',
	'销售方',
	'价税合计',
	'（大写）',
	'壹佰贰拾叁元整',
	'¥123.00',
	'发票代码',
	'校验码',
	'机器编号',
	'备注：',
	'𠀀𪚥', // outside the BMP: surrogate pairs in UTF-16, four bytes in UTF-8
	'😀',
	'\n',
	'\t',
	'"',
	'\\',
];

export function asciiText(rnd: Random, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += ASCII[int(rnd, 0, ASCII.length - 1)];
	return out;
}

export function chineseText(rnd: Random, words: number): string {
	const parts: string[] = [];
	for (let i = 0; i < words; i++) {
		parts.push(chance(rnd, 0.7) ? pick(rnd, INVOICE_WORDS) : String.fromCharCode(int(rnd, 0x4e00, 0x9fa5)));
	}
	return parts.join('');
}

export function bytes(rnd: Random, length: number): Buffer {
	const out = Buffer.alloc(length);
	for (let i = 0; i < length; i += 4) {
		const v = Math.floor(rnd() * 4294967296);
		out[i] = v & 0xff;
		if (i + 1 < length) out[i + 1] = (v >>> 8) & 0xff;
		if (i + 2 < length) out[i + 2] = (v >>> 16) & 0xff;
		if (i + 3 < length) out[i + 3] = (v >>> 24) & 0xff;
	}
	return out;
}

/** An identifier-like token (keys, ids): letters and digits only. */
export function token(rnd: Random, length: number): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[int(rnd, 0, alphabet.length - 1)];
	return out;
}

/** A JSON request body of one of several shapes; with `huge`, a multi-megabyte base64 image. */
export function jsonBody(rnd: Random, huge = false): Record<string, unknown> {
	const kind = huge ? 5 : int(rnd, 0, 4);
	switch (kind) {
		case 0:
			return {};
		case 1:
			return { ImageUrl: `https://example.com/${encodeURIComponent(chineseText(rnd, 3))}.jpg`, IsPdf: chance(rnd, 0.5) };
		case 2:
			return { Remark: chineseText(rnd, int(rnd, 1, 40)), Amount: rnd() * 1e6, Items: [1, 2, 3].map(() => chineseText(rnd, 2)) };
		case 3:
			return { ImageBase64: bytes(rnd, int(rnd, 1, 3000)).toString('base64'), PdfPageNumber: int(rnd, 1, 30) };
		case 4:
			return { Nested: { a: [null, true, false, 0, -1.5e-7], b: asciiText(rnd, int(rnd, 0, 60)) } };
		default:
			return { ImageBase64: bytes(rnd, int(rnd, 1_000_000, 2_500_000)).toString('base64') };
	}
}

/** Seconds since the epoch: often within a few seconds either side of a UTC midnight. */
export function timestamp(rnd: Random): number {
	const day = int(rnd, 17_000, 22_000); // 2016 .. 2030, in days since the epoch
	const midnight = day * 86_400;
	if (chance(rnd, 0.6)) return midnight + int(rnd, -3, 3);
	return midnight + int(rnd, 0, 86_399);
}

/** Host names with and without ports (the port is part of the host as sent). */
export const HOSTS = [
	'ocr.tencentcloudapi.com',
	'ocr.ap-guangzhou.tencentcloudapi.com',
	'sts.tencentcloudapi.com',
	'ap-gate-z0.qiniuapi.com',
	'127.0.0.1:9000',
	'localhost:8443',
	'emulator.internal',
	'[::1]:9000',
	'proxy.example.com:65535',
] as const;
