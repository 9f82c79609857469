/**
 * A synthetic OFD e-invoice: one page whose TextObjects print the given items at their places (Boundary in mm,
 * one TextCode each with the baseline where nodes/core/layout places it), optionally with attachments
 * (Doc_0/Attachs, listed in Attachments.xml) and OFD.xml CustomDatas. Written from the OFD standard
 * (GB/T 33190) structure the real samples in test/fixtures/ofd show; no data from a real invoice.
 */
import { writeZip } from '../support/zip';
import { printedWidth, type PrintItem } from './invoicePdf';

const NS = 'http://www.ofdspec.org/2016';
const ASCENT = 0.86;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface OfdOptions {
	attachments?: Array<{ name: string; data: string }>;
	customData?: Record<string, string>;
}

export function ofdFromItems(items: readonly PrintItem[], width: number, height: number, options: OfdOptions = {}): Buffer {
	let id = 10;
	const objects = items.map((t) => {
		const w = t.width ?? printedWidth(t.text, t.height);
		const chars = [...t.text];
		const step = chars.length > 1 ? w / chars.length : 0;
		const delta = chars.length > 1 ? ` DeltaX="g ${chars.length - 1} ${step.toFixed(3)}"` : '';
		return `<ofd:TextObject ID="${id++}" Boundary="${t.x.toFixed(3)} ${t.y.toFixed(3)} ${w.toFixed(3)} ${t.height.toFixed(3)}" Font="2" Size="${t.height.toFixed(3)}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="${(t.height * ASCENT).toFixed(3)}"${delta}>${esc(t.text)}</ofd:TextCode></ofd:TextObject>`;
	});
	const custom = options.customData
		? `<ofd:CustomDatas>${Object.entries(options.customData)
				.map(([k, v]) => `<ofd:CustomData Name="${esc(k)}">${esc(v)}</ofd:CustomData>`)
				.join('')}</ofd:CustomDatas>`
		: '';
	const attachments = options.attachments ?? [];
	const entries = [
		{
			name: 'OFD.xml',
			data: `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="${NS}" DocType="OFD" Version="1.1"><ofd:DocBody><ofd:DocInfo><ofd:DocID>00000000000000000000000000000021</ofd:DocID>${custom}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
		},
		{
			name: 'Doc_0/Document.xml',
			data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="${NS}"><ofd:CommonData><ofd:MaxUnitID>${id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 ${width} ${height}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>${attachments.length > 0 ? '<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>' : ''}</ofd:Document>`,
		},
		{
			name: 'Doc_0/PublicRes.xml',
			data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="${NS}" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>`,
		},
		{
			name: 'Doc_0/Pages/Page_0/Content.xml',
			data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="${NS}"><ofd:Area><ofd:PhysicalBox>0 0 ${width} ${height}</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="3">${objects.join('')}</ofd:Layer></ofd:Content></ofd:Page>`,
		},
	];
	if (attachments.length > 0) {
		entries.push({
			name: 'Doc_0/Attachs/Attachments.xml',
			data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Attachments xmlns:ofd="${NS}">${attachments
				.map((a, i) => `<ofd:Attachment ID="a${i}" Name="${esc(a.name)}" Format="xml" Visible="false"><ofd:FileLoc>${esc(a.name)}</ofd:FileLoc></ofd:Attachment>`)
				.join('')}</ofd:Attachments>`,
		});
		for (const a of attachments) entries.push({ name: `Doc_0/Attachs/${a.name}`, data: a.data });
	}
	return writeZip(entries);
}
