import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

import { FIX_PASSWORD, PdfError, malformed } from './errors';
import { dictOf, nameOf, numberOf, PdfString, type PdfDict, type PdfObject } from './objects';

/** The 32-byte padding string of the standard security handler (ISO 32000-1 7.6.3.3, Algorithm 2). */
const PAD = Uint8Array.from([
	0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e,
	0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
	const s = new Uint8Array(256);
	for (let i = 0; i < 256; i++) s[i] = i;
	for (let i = 0, j = 0; i < 256; i++) {
		j = (j + s[i] + key[i % key.length]) & 0xff;
		const t = s[i];
		s[i] = s[j];
		s[j] = t;
	}
	const out = new Uint8Array(data.length);
	for (let k = 0, i = 0, j = 0; k < data.length; k++) {
		i = (i + 1) & 0xff;
		j = (j + s[i]) & 0xff;
		const t = s[i];
		s[i] = s[j];
		s[j] = t;
		out[k] = data[k] ^ s[(s[i] + s[j]) & 0xff];
	}
	return out;
}

const md5 = (...parts: Uint8Array[]): Uint8Array => {
	const h = createHash('md5');
	for (const p of parts) h.update(p);
	return new Uint8Array(h.digest());
};

function hash(algorithm: string, ...parts: Uint8Array[]): Uint8Array {
	const h = createHash(algorithm);
	for (const p of parts) h.update(p);
	return new Uint8Array(h.digest());
}

function aesNoPad(mode: string, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array): Uint8Array {
	const cipher = createDecipheriv(mode, key, iv);
	cipher.setAutoPadding(false);
	const a = cipher.update(data);
	const b = cipher.final();
	return new Uint8Array(Buffer.concat([a, b]));
}

/** AES-CBC with the IV in the first 16 bytes and PKCS#5 padding (stripped only when it is valid). */
function aesDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
	if (data.length < 32) return new Uint8Array(0);
	const usable = data.length - ((data.length - 16) % 16);
	const plain = aesNoPad(key.length === 32 ? 'aes-256-cbc' : 'aes-128-cbc', key, data.subarray(0, 16), data.subarray(16, usable));
	const pad = plain[plain.length - 1];
	if (pad >= 1 && pad <= 16 && pad <= plain.length) {
		let ok = true;
		for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) ok = false;
		if (ok) return plain.subarray(0, plain.length - pad);
	}
	return plain;
}

type Method = 'None' | 'V2' | 'AESV2' | 'AESV3';

function bytesOf(obj: PdfObject | undefined): Uint8Array {
	return obj instanceof PdfString ? obj.bytes : new Uint8Array(0);
}

function int32le(n: number): Uint8Array {
	const b = new Uint8Array(4);
	new DataView(b.buffer).setInt32(0, n | 0, true);
	return b;
}

function equalPrefix(a: Uint8Array, b: Uint8Array, n: number): boolean {
	if (a.length < n || b.length < n) return false;
	for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
	return true;
}

function passwordProtected(): PdfError {
	return new PdfError('PasswordProtected', 'The PDF is protected by a password and cannot be read without it', FIX_PASSWORD);
}

/** ISO 32000-2 Algorithm 2.B: the iterative hash of revision 6 (user password, so no U data). */
function hashR6(password: Uint8Array, salt: Uint8Array, udata: Uint8Array): Uint8Array {
	let k = hash('sha256', password, salt, udata);
	for (let round = 0; ; round++) {
		const k1Unit = concatBytes(password, k, udata);
		const k1 = new Uint8Array(k1Unit.length * 64);
		for (let i = 0; i < 64; i++) k1.set(k1Unit, i * k1Unit.length);
		const cipher = createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32));
		cipher.setAutoPadding(false);
		const e = new Uint8Array(Buffer.concat([cipher.update(k1), cipher.final()]));
		let sum = 0;
		for (let i = 0; i < 16; i++) sum += e[i];
		const alg = ['sha256', 'sha384', 'sha512'][sum % 3];
		k = hash(alg, e);
		if (round >= 63 && e[e.length - 1] <= round + 1 - 32) break;
		if (round > 2000) break;
	}
	return k.subarray(0, 32);
}

function concatBytes(...parts: Uint8Array[]): Uint8Array {
	let n = 0;
	for (const p of parts) n += p.length;
	const out = new Uint8Array(n);
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

/** The standard security handler opened with the empty user password; decrypts strings and streams per object. */
export class Decryptor {
	private constructor(
		private readonly key: Uint8Array,
		private readonly stringMethod: Method,
		private readonly streamMethod: Method,
	) {}

	/** Opens /Encrypt with the empty user password, or throws PasswordProtected / Malformed. */
	static open(encrypt: PdfDict, fileId: Uint8Array): Decryptor {
		const filter = nameOf(encrypt.get('Filter'));
		if (filter !== undefined && filter !== 'Standard') {
			throw new PdfError(
				'PasswordProtected',
				`The PDF is encrypted with the "${filter}" security handler (certificate or DRM), which the reader cannot open`,
				FIX_PASSWORD,
			);
		}
		const v = numberOf(encrypt.get('V')) ?? 0;
		const r = numberOf(encrypt.get('R')) ?? 2;
		const o = bytesOf(encrypt.get('O'));
		const u = bytesOf(encrypt.get('U'));
		const p = numberOf(encrypt.get('P')) ?? -1;
		let length = numberOf(encrypt.get('Length')) ?? 40;
		if (length > 256) length = 40;
		let stringMethod: Method = 'V2';
		let streamMethod: Method = 'V2';
		if (v >= 4) {
			const cf = dictOf(encrypt.get('CF') ?? undefined);
			const method = (name: string | undefined): Method => {
				if (name === undefined || name === 'Identity') return 'None';
				const filterDict = dictOf(cf?.get(name) ?? undefined);
				const cfm = nameOf(filterDict?.get('CFM'));
				const l = numberOf(filterDict?.get('Length'));
				if (l !== undefined && cfm === 'V2') length = l <= 32 ? l * 8 : l;
				if (cfm === 'AESV2' || cfm === 'AESV3' || cfm === 'V2') return cfm;
				return 'None';
			};
			streamMethod = method(nameOf(encrypt.get('StmF')));
			stringMethod = method(nameOf(encrypt.get('StrF')));
		}
		if (r >= 5) {
			if (u.length < 48) throw malformed('The PDF encryption dictionary is damaged (its /U entry is too short)');
			const empty = new Uint8Array(0);
			const check = r === 5 ? hash('sha256', empty, u.subarray(32, 40)) : hashR6(empty, u.subarray(32, 40), empty);
			if (!equalPrefix(check, u, 32)) throw passwordProtected();
			const inter = r === 5 ? hash('sha256', empty, u.subarray(40, 48)) : hashR6(empty, u.subarray(40, 48), empty);
			const ue = bytesOf(encrypt.get('UE'));
			if (ue.length < 32) throw malformed('The PDF encryption dictionary is damaged (its /UE entry is too short)');
			const key = aesNoPad('aes-256-cbc', inter, new Uint8Array(16), ue.subarray(0, 32));
			return new Decryptor(key, stringMethod, streamMethod);
		}
		const n = r === 2 ? 5 : Math.max(5, Math.min(16, Math.floor(length / 8)));
		const encryptMetadata = encrypt.get('EncryptMetadata');
		const parts = [PAD, o.subarray(0, 32), int32le(p), fileId];
		if (r >= 4 && encryptMetadata === false) {
			parts.push(Uint8Array.from([0xff, 0xff, 0xff, 0xff]));
		}
		let key = md5(...parts).subarray(0, n);
		if (r >= 3) for (let i = 0; i < 50; i++) key = md5(key).subarray(0, n);
		let ok: boolean;
		if (r === 2) {
			ok = equalPrefix(rc4(key, PAD), u, 32);
		} else {
			let x = rc4(key, md5(PAD, fileId));
			for (let i = 1; i <= 19; i++) {
				const k = key.map((b) => b ^ i);
				x = rc4(k, x);
			}
			ok = equalPrefix(x, u, 16);
		}
		if (!ok) throw passwordProtected();
		return new Decryptor(key, stringMethod, streamMethod);
	}

	private objectKey(num: number, gen: number, method: Method): Uint8Array {
		if (method === 'AESV3') return this.key;
		const extra = [num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, (gen >> 8) & 0xff];
		const salt = method === 'AESV2' ? [0x73, 0x41, 0x6c, 0x54] : [];
		const digest = md5(this.key, Uint8Array.from([...extra, ...salt]));
		return digest.subarray(0, Math.min(16, this.key.length + 5));
	}

	private run(method: Method, num: number, gen: number, data: Uint8Array): Uint8Array {
		if (method === 'None') return data;
		const key = this.objectKey(num, gen, method);
		if (method === 'V2') return rc4(key, data);
		try {
			return aesDecrypt(key, data);
		} catch {
			return new Uint8Array(0);
		}
	}

	decryptString(num: number, gen: number, data: Uint8Array): Uint8Array {
		return this.run(this.stringMethod, num, gen, data);
	}

	decryptStream(num: number, gen: number, data: Uint8Array): Uint8Array {
		return this.run(this.streamMethod, num, gen, data);
	}
}
