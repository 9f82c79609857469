'use strict';
/*
 * Builds RFC 5322 mails for tests: plain text, or multipart/mixed with base64 attachments.
 *
 *   const raw = buildMail({ from, to, subject, messageId, date, text, attachments: [{ filename, contentType, content }] });
 *
 * Non-ASCII subjects and file names are encoded (RFC 2047 B-encoding for the subject, RFC 2231
 * filename* plus an encoded-word name for attachments). Lines end in CRLF as IMAP wants.
 */
const crypto = require('node:crypto');

const ascii = (text) => /^[\x20-\x7e]*$/.test(text);
const encodedWord = (text) => (ascii(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`);

function base64Lines(buffer) {
	const b64 = buffer.toString('base64');
	const lines = [];
	for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
	return lines.join('\r\n');
}

function filenameParams(filename) {
	if (ascii(filename)) return `filename="${filename}"`;
	return `filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * @param {{ from: string, to: string, subject: string, messageId: string, date?: Date, text?: string,
 *   inReplyTo?: string, attachments?: Array<{ filename: string, contentType: string, content: Buffer }> }} mail
 * @returns {Buffer}
 */
function buildMail(mail) {
	const date = (mail.date || new Date('2026-01-15T09:00:00Z')).toUTCString().replace('GMT', '+0000');
	const headers = [
		`From: ${mail.from}`,
		`To: ${mail.to}`,
		`Subject: ${encodedWord(mail.subject)}`,
		`Date: ${date}`,
		`Message-ID: ${mail.messageId}`,
		...(mail.inReplyTo ? [`In-Reply-To: ${mail.inReplyTo}`] : []),
		'MIME-Version: 1.0',
	];
	const text = Buffer.from(mail.text || '', 'utf8');
	const attachments = mail.attachments || [];
	if (!attachments.length) {
		headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64');
		return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${base64Lines(text)}\r\n`, 'utf8');
	}
	const boundary = `=_fapiao_${crypto.createHash('sha1').update(mail.messageId).digest('hex').slice(0, 24)}`;
	headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
	const parts = [
		['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', base64Lines(text)].join('\r\n'),
		...attachments.map((a) =>
			[
				`Content-Type: ${a.contentType}; name="${encodedWord(a.filename)}"`,
				'Content-Transfer-Encoding: base64',
				`Content-Disposition: attachment; ${filenameParams(a.filename)}`,
				'',
				base64Lines(a.content),
			].join('\r\n'),
		),
	];
	const body = `This is a multi-part message in MIME format.\r\n${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`;
	return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}

module.exports = { buildMail };
