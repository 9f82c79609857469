'use strict';
/*
 * The few IMAP commands a test needs, over a plain 127.0.0.1 socket (no TLS, no dependency):
 *
 *   const imap = await connectImap({ host, port, user, password });
 *   const uid = await imap.append('INBOX', rawMessageBuffer);   // APPEND with a literal; the UID (UIDPLUS)
 *   await imap.select('INBOX');
 *   const uids = await imap.uidSearch('UNSEEN');                // [uid, ...]
 *   const flags = await imap.flags();                           // { [uid]: ['\\Seen', ...] }
 *   await imap.logout();
 *
 * One command at a time; every command has a time limit. Responses carrying literals are not parsed
 * (none of these commands asks for one).
 */
const net = require('node:net');

function quote(text) {
	return `"${String(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

async function connectImap({ host = '127.0.0.1', port, user, password, timeoutMs = 15000 }) {
	const socket = net.connect({ host, port });
	let buffer = '';
	let waiter = null;
	let closed = null;
	let counter = 0;
	const wake = () => {
		if (waiter) waiter();
	};
	socket.setEncoding('latin1');
	socket.on('data', (chunk) => {
		buffer += chunk;
		wake();
	});
	socket.on('error', (error) => {
		closed = error;
		wake();
	});
	socket.on('close', () => {
		closed = closed || new Error('IMAP connection closed');
		wake();
	});

	/** Waits until `test(buffer)` finds what it looks for; returns its result. */
	async function until(what, test) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = test(buffer);
			if (found) return found;
			if (closed) throw new Error(`IMAP ${what}: ${closed.message}`);
			const left = deadline - Date.now();
			if (left <= 0) throw new Error(`IMAP ${what}: no answer within ${timeoutMs} ms`);
			await new Promise((resolve) => {
				const timer = setTimeout(resolve, left);
				waiter = () => {
					clearTimeout(timer);
					waiter = null;
					resolve();
				};
			});
		}
	}

	function takeTagged(tag) {
		return (text) => {
			const re = new RegExp(`(^|\\r\\n)${tag} (OK|NO|BAD)([^\\r\\n]*)\\r\\n`);
			const m = re.exec(text);
			if (!m) return null;
			const end = m.index + m[0].length;
			const lines = text.slice(0, m.index + m[1].length).split('\r\n').filter(Boolean);
			buffer = text.slice(end);
			return { status: m[2], text: m[3].trim(), lines };
		};
	}

	async function command(line, literal) {
		const tag = `T${++counter}`;
		if (literal) {
			socket.write(`${tag} ${line} {${literal.length}}\r\n`);
			await until(`${line} (continuation)`, (text) => {
				const i = text.indexOf('+ ');
				if (i < 0 && !text.startsWith('+')) {
					if (new RegExp(`(^|\\r\\n)${tag} (NO|BAD)`).test(text)) throw new Error(`IMAP ${line}: ${text.trim()}`);
					return null;
				}
				const end = text.indexOf('\r\n', Math.max(i, 0));
				if (end < 0) return null;
				buffer = text.slice(end + 2);
				return true;
			});
			socket.write(Buffer.concat([literal, Buffer.from('\r\n')]));
		} else {
			socket.write(`${tag} ${line}\r\n`);
		}
		const r = await until(line.split(' ')[0], takeTagged(tag));
		if (r.status !== 'OK') throw new Error(`IMAP ${line.split(' ').slice(0, 2).join(' ')} failed: ${r.status} ${r.text}`);
		return r;
	}

	await until('greeting', (text) => {
		const i = text.indexOf('\r\n');
		if (i < 0) return null;
		buffer = text.slice(i + 2);
		if (!text.startsWith('* OK')) throw new Error(`IMAP greeting: ${text.slice(0, i)}`);
		return true;
	});
	await command(`LOGIN ${quote(user)} ${quote(password)}`);

	return {
		async append(mailbox, raw, flags = []) {
			const r = await command(`APPEND ${quote(mailbox)} (${flags.join(' ')})`, Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
			const m = /\[APPENDUID \d+ (\d+)\]/.exec(r.text);
			return m ? Number(m[1]) : null;
		},
		async select(mailbox = 'INBOX') {
			const r = await command(`SELECT ${quote(mailbox)}`);
			const exists = r.lines.map((l) => /^\* (\d+) EXISTS/.exec(l)).find(Boolean);
			return { exists: exists ? Number(exists[1]) : 0 };
		},
		async uidSearch(criteria = 'ALL') {
			const r = await command(`UID SEARCH ${criteria}`);
			const line = r.lines.find((l) => l.startsWith('* SEARCH'));
			return line ? line.slice('* SEARCH'.length).trim().split(/\s+/).filter(Boolean).map(Number) : [];
		},
		async flags() {
			const r = await command('UID FETCH 1:* (FLAGS)');
			const out = {};
			for (const l of r.lines) {
				const m = /^\* \d+ FETCH \((.*)\)$/.exec(l);
				if (!m) continue;
				const uid = /UID (\d+)/.exec(m[1]);
				const flags = /FLAGS \(([^)]*)\)/.exec(m[1]);
				if (uid) out[uid[1]] = flags && flags[1] ? flags[1].split(' ') : [];
			}
			return out;
		},
		async logout() {
			try {
				await command('LOGOUT');
			} catch {
				/* closing anyway */
			}
			socket.destroy();
		},
	};
}

module.exports = { connectImap };
