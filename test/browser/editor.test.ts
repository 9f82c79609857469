// The nodes as a user sees them: the n8n editor (1.x, or 2.x with N8N_E2E_VERSION=2) in Debian's Chromium (playwright-core), against a
// real n8n with this package installed and the provider emulator. Screenshots of every step go to
// test-artifacts/browser/ (on failure too); the best are copied to docs/screenshots/.
// Run: npx jest --config test/browser/jest.config.js
import type { Locator, Page } from 'playwright-core';

import { editorMajor, iconIsRendered, say, startEditor } from './support/browser';

type Editor = Awaited<ReturnType<typeof startEditor>>;

const MINUTE = 60 * 1000;
const LONG = 60 * 1000;
const OUR_NODES = ['VAT Invoice OCR', 'OFD Invoice OCR', 'Normalize Invoice'];

let ed: Editor;
let page: Page;

const log = (line: string) => say(line);

beforeAll(async () => {
	ed = await startEditor({ log });
	page = ed.page;
}, 20 * MINUTE);

afterAll(async () => {
	if (ed) {
		log(`timings: ${ed.timings.map((t) => `${t.name} ${(t.ms / 1000).toFixed(1)} s`).join(', ')}`);
		await ed.close();
	}
}, 2 * MINUTE);

async function openWorkflow(id: string) {
	await page.goto(`${ed.url}/workflow/${id}`);
	await page.getByTestId('canvas-node').first().waitFor({ timeout: LONG });
}

/** The node panel's entry for one node, by its exact name. */
function creatorItem(name: string): Locator {
	return page.getByTestId('item-iterator-item').filter({ has: page.getByTestId('node-creator-item-name').getByText(name, { exact: true }) });
}

/** Types a search into the node panel and waits until the entry `expected` is listed. */
async function searchNodePanel(query: string, expected: string) {
	const search = page.getByTestId('node-creator-search-bar').locator('input').or(page.locator('input[data-test-id="node-creator-search-bar"]')).first();
	await search.waitFor({ timeout: LONG });
	await search.fill('');
	await search.fill(query);
	await creatorItem(expected).first().waitFor({ timeout: LONG });
}

async function openNodePanel() {
	if (await page.getByTestId('node-creator').isVisible()) return;
	await page.getByTestId('node-creator-plus-button').or(page.getByTestId('canvas-plus-button')).first().click();
	await page.getByTestId('node-creator').waitFor({ timeout: LONG });
}

/** The icon of a node panel entry: an <img> that loaded or an inline <svg>, at least 8 px. */
async function iconRendered(item: Locator): Promise<boolean> {
	const icon = item.locator('img, svg').first();
	await icon.waitFor({ timeout: LONG });
	return iconIsRendered(icon);
}

/** A node parameter's input (n8n marks each parameter with data-test-id="parameter-input-<name>"). */
/** The address of a node panel entry's icon image. */
async function iconSource(item: Locator): Promise<string> {
	return (await item.locator('img').first().getAttribute('src')) ?? '';
}

function parameterInput(name: string, scope: Locator | Page = page): Locator {
	return scope.getByTestId(`parameter-input-${name}`).filter({ visible: true }).first();
}

async function parameterValue(name: string): Promise<string> {
	return await parameterInput(name).locator('input').first().inputValue();
}

/** The entries of the open select list, by their first line (the name; the second is the description). */
async function openListEntries(): Promise<string[]> {
	const options = page.locator('.el-select-dropdown__item:visible');
	await options.first().waitFor({ timeout: LONG });
	return (await options.allInnerTexts()).map((t) => t.split('\n')[0].trim());
}

async function pickListEntry(name: string) {
	await page.locator('.el-select-dropdown__item:visible').filter({ has: page.getByText(name, { exact: true }) }).first().click();
}

async function chooseProvider(name: string) {
	await parameterInput('provider').locator('input').first().click();
	await openListEntries();
	await pickListEntry(name);
	await expect(parameterValue('provider')).resolves.toBe(name);
}

/** The label of the node's credential field (n8n 2.x puts a "Connect to …" button under it). */
async function credentialLabelText(): Promise<string> {
	const text = await page.getByTestId('credentials-label').filter({ visible: true }).first().innerText();
	return text.split('\n')[0].trim();
}

const dialog = () => page.getByTestId('credential-edit-dialog').filter({ visible: true }).first();
const credentialInput = (name: string) => dialog().getByTestId(`parameter-input-${name}`).locator('input').first();
const saveButton = () => page.getByTestId('credential-save-button').filter({ visible: true }).first();
const couldNotConnect = () => page.getByText(/Couldn.t connect with these settings/).filter({ visible: true }).first();
const testedOk = () => page.getByText('Connection tested successfully').filter({ visible: true }).first();

/** A new VAT Invoice OCR node on the blank workflow, added from the node panel, its view open. */
async function addVatNode() {
	await openWorkflow(ed.workflows.blank);
	await openNodePanel();
	await searchNodePanel('VAT Invoice OCR', 'VAT Invoice OCR');
	await creatorItem('VAT Invoice OCR').first().click();
	// n8n 1.123 shows a community node's details first, with "Add to workflow".
	const add = page.getByRole('button', { name: 'Add to workflow' });
	if (await add.isVisible({ timeout: 5000 }).catch(() => false)) await add.click();
	await parameterInput('provider').waitFor({ timeout: LONG });
}

/** The VAT Invoice OCR node's view: the one on the canvas, or a new one (e.g. when a test runs alone). */
async function vatNodeOpen() {
	if (await parameterInput('provider').isVisible()) return;
	const onCanvas = page.getByTestId('canvas-node').filter({ hasText: 'VAT Invoice OCR' }).first();
	if (await onCanvas.isVisible()) {
		await onCanvas.dblclick();
		await parameterInput('provider').waitFor({ timeout: LONG });
	} else {
		await addVatNode();
	}
}

/** The names of the parameters shown inside `scope`, in page order (hidden ones, e.g. of another tab, left out). */
async function shownParameterNames(scope: Locator): Promise<string[]> {
	return await scope.evaluate((el) =>
		[...el.querySelectorAll('[data-test-id^="parameter-input-"]')]
			.filter((e) => e.getClientRects().length > 0)
			.map((e) => e.getAttribute('data-test-id')?.replace('parameter-input-', '') ?? '')
			.filter((n) => n !== 'field'),
	);
}

/** "Create new credential" from the open node's credential field; returns the dialog's field names. */
async function createCredentialFromNode(): Promise<string[]> {
	const select = page.getByTestId('node-credentials-select').filter({ visible: true }).first();
	// n8n 2.x shows a "Connect to <service>" button while no credential of the type exists.
	const connect = page.getByTestId('credentials-label').filter({ visible: true }).first().getByRole('button', { name: /^Connect to / });
	await select.or(connect).first().waitFor({ timeout: LONG });
	if (await select.isVisible()) {
		await select.click();
		await page.getByTestId('node-credentials-select-item-new').filter({ visible: true }).first().click();
	} else {
		await connect.click();
	}
	await dialog().waitFor({ timeout: LONG });
	await credentialInput('secretKey').waitFor({ timeout: LONG });
	return await shownParameterNames(dialog());
}

/**
 * Saves the open credential; n8n then tests it. Returns the test's verdict as the server gave it, once
 * the dialog shows the matching banner.
 */
async function saveAndTest(): Promise<'ok' | 'refused'> {
	const tested = page.waitForResponse((r) => r.request().method() === 'POST' && /\/rest\/credentials\/test$/.test(new URL(r.url()).pathname), {
		timeout: 2 * LONG,
	});
	await saveButton().click();
	const body = (await (await tested).json()) as { data?: { status?: string } };
	const verdict = body.data?.status === 'OK' ? 'ok' : 'refused';
	if (verdict === 'refused') await couldNotConnect().waitFor({ timeout: LONG });
	// n8n 1.x shows "Connection tested successfully"; 2.x closes the dialog and selects the credential.
	else await Promise.race([testedOk().waitFor({ timeout: LONG }), dialog().waitFor({ state: 'hidden', timeout: LONG })]);
	return verdict;
}

async function closeCredentialDialog() {
	if (!(await dialog().isVisible())) return;
	// The credential dialog opens over the node view: its close button is the last one shown.
	await page.getByRole('button', { name: 'Close this dialog' }).filter({ visible: true }).last().click();
	await dialog().waitFor({ state: 'hidden', timeout: LONG });
}

describe(`the n8n ${editorMajor()}.x editor with n8n-nodes-fapiao`, () => {
	test('the node panel finds our nodes by "invoice", "发票" and "OFD", with their light and dark icons', async () => {
		await ed.step('node-panel-invoice', async () => {
			await openWorkflow(ed.workflows.blank);
			await openNodePanel();
			await searchNodePanel('invoice', 'VAT Invoice OCR');
			for (const name of OUR_NODES) {
				await expect(creatorItem(name).first().isVisible()).resolves.toBe(true);
				await expect(iconRendered(creatorItem(name).first())).resolves.toBe(true);
				await expect(iconSource(creatorItem(name).first())).resolves.toMatch(/[^.]\w+\.svg$/);
				await expect(iconSource(creatorItem(name).first())).resolves.not.toMatch(/\.dark\.svg$/);
			}
		});
		ed.publish('node-panel-invoice', 'node-panel-invoice.png');
		await ed.step('node-panel-fapiao-zh', async () => {
			await searchNodePanel('发票', 'VAT Invoice OCR');
			for (const name of OUR_NODES) await expect(creatorItem(name).first().isVisible()).resolves.toBe(true);
		});
		await ed.step('node-panel-ofd', async () => {
			await searchNodePanel('OFD', 'OFD Invoice OCR');
			for (const name of OUR_NODES) await expect(creatorItem(name).first().isVisible()).resolves.toBe(true);
			// All three carry the OFD alias (and tie on it); the node that reads OFD files comes first.
			const names = await page.getByTestId('node-creator-item-name').filter({ visible: true }).allInnerTexts();
			expect(names.map((n) => n.trim()).filter((n) => OUR_NODES.includes(n))[0]).toBe('OFD Invoice OCR');
		});
		// The editor follows the system's colour scheme: the dark icon variants are the ones loaded.
		await ed.step('node-panel-dark', async () => {
			await page.emulateMedia({ colorScheme: 'dark' });
			await searchNodePanel('invoice', 'VAT Invoice OCR');
			for (const name of OUR_NODES) {
				await creatorItem(name).first().locator('img[src$=".dark.svg"]').first().waitFor({ timeout: LONG });
				await expect(iconRendered(creatorItem(name).first())).resolves.toBe(true);
			}
		});
		ed.publish('node-panel-dark', 'node-panel-dark.png');
		await page.emulateMedia({ colorScheme: 'light' });
	}, 10 * MINUTE);

	test('VAT Invoice OCR: Provider first with its four choices, sensible defaults, the hint, and a credential field named by type (none for Local)', async () => {
		await ed.step('vat-node-parameters', async () => {
			await addVatNode();
			await expect(parameterValue('provider')).resolves.toBe('Tencent Cloud');
			await expect(parameterValue('inputType')).resolves.toBe('Binary File');
			await expect(parameterValue('binaryMode')).resolves.toBe('Named Binary Properties');
			await expect(parameterValue('binaryPropertyName')).resolves.toBe('data');
			await expect(parameterValue('pdfPages')).resolves.toBe('First Page');
			await expect(page.getByText('Several names separated by commas read several files from each item').filter({ visible: true }).count()).resolves.toBe(1);
			await expect(credentialLabelText()).resolves.toBe('Tencent Cloud API Credential');
			// Parameter order: Provider, then the input, then what to read and how.
			const order = await shownParameterNames(page.getByTestId('node-parameters').filter({ visible: true }).first());
			expect(order).toEqual(['provider', 'localFirst', 'inputType', 'binaryMode', 'binaryPropertyName', 'followLinks', 'pdfPages', 'simplify']);
		});
		ed.publish('vat-node-parameters', 'vat-invoice-ocr-parameters.png');

		await ed.step('vat-provider-choices', async () => {
			await parameterInput('provider').locator('input').first().click();
			await expect(openListEntries()).resolves.toEqual(['Local (No Account)', 'Qiniu', 'Tencent Cloud', 'Tencent Cloud General Invoice']);
		});
		ed.publish('vat-provider-choices', 'vat-invoice-ocr-provider.png');

		// Provider Local: no credential field at all, and only the input parameters.
		await ed.step('vat-provider-local', async () => {
			await pickListEntry('Local (No Account)');
			await expect(parameterValue('provider')).resolves.toBe('Local (No Account)');
			const visibleLabels = page.getByTestId('credentials-label').filter({ visible: true });
			for (let waited = 0; (await visibleLabels.count()) > 0 && waited < LONG; waited += 250) await page.waitForTimeout(250);
			await expect(visibleLabels.count()).resolves.toBe(0);
			const order = await shownParameterNames(page.getByTestId('node-parameters').filter({ visible: true }).first());
			expect(order).toEqual(['provider', 'inputType', 'binaryMode', 'binaryPropertyName', 'followLinks']);
		});
		ed.publish('vat-provider-local', 'vat-invoice-ocr-local.png');

		await ed.step('vat-provider-qiniu', async () => {
			await chooseProvider('Qiniu');
			await expect(parameterValue('provider')).resolves.toBe('Qiniu');
			await expect(credentialLabelText()).resolves.toBe('Qiniu API Credential');
			await page.getByText('Qiniu reads only the first page of a PDF').filter({ visible: true }).first().waitFor({ timeout: LONG });
			await expect(page.getByTestId('parameter-input-pdfPages').filter({ visible: true }).count()).resolves.toBe(0);
		});

		// On the canvas, the node's subtitle names the provider and API.
		await ed.step('vat-node-on-canvas', async () => {
			// 1.x: "Back to canvas"; 2.x: the close button of the node view.
			await page.getByTestId('back-to-canvas').or(page.getByTestId('ndv-close-button')).filter({ visible: true }).first().click();
			await parameterInput('provider').waitFor({ state: 'hidden', timeout: LONG });
			const node = page.getByTestId('canvas-node').filter({ hasText: 'VAT Invoice OCR' }).first();
			await node.getByText('Qiniu VAT invoice OCR').first().waitFor({ timeout: LONG });
			// No Qiniu credential yet: the canvas flags the node (the credential is required for Qiniu too).
			const issues = node.getByTestId('node-issues').first();
			await issues.waitFor({ timeout: LONG });
			await issues.hover();
			await page.getByText(/Credentials for VAT Invoice OCR are not set/).filter({ visible: true }).first().waitFor({ timeout: LONG });
		});
	}, 10 * MINUTE);

	test('the Qiniu API credential from the node: its own form, Secret Key masked, Test refuses a wrong key and accepts the demo key', async () => {
		await closeCredentialDialog();
		await vatNodeOpen();
		if ((await parameterValue('provider')) !== 'Qiniu') await chooseProvider('Qiniu');
		await ed.step('qiniu-credential-form', async () => {
			const fields = await createCredentialFromNode();
			expect(fields).toEqual(expect.arrayContaining(['accessKey', 'secretKey', 'endpoint']));
			expect(fields).not.toContain('secretId');
			await expect(credentialInput('secretKey').getAttribute('type')).resolves.toBe('password');
		});
		ed.publish('qiniu-credential-form', 'qiniu-credential.png');

		await ed.step('qiniu-credential-wrong-key', async () => {
			const rejectedBefore = ed.emulator.stats().rejectedSignatures;
			await credentialInput('accessKey').fill(ed.demoKeys.qiniu.accessKey);
			await credentialInput('secretKey').fill('wrong-qiniu-secret-key-for-the-browser-test');
			await credentialInput('endpoint').fill(ed.emulatorUrl);
			await expect(saveAndTest()).resolves.toBe('refused');
			expect(ed.emulator.stats().rejectedSignatures).toBeGreaterThan(rejectedBefore);
			await expect(dialog().innerText()).resolves.not.toContain('wrong-qiniu-secret-key-for-the-browser-test');
		});

		await ed.step('qiniu-credential-tested', async () => {
			await credentialInput('secretKey').fill(ed.demoKeys.qiniu.secretKey);
			await expect(saveAndTest()).resolves.toBe('ok');
		});
		ed.publish('qiniu-credential-tested', 'qiniu-credential-tested.png');
		await closeCredentialDialog();
		// The new credential is now the node's.
		await expect(page.getByTestId('node-credentials-select').filter({ visible: true }).first().locator('input').first().inputValue()).resolves.toMatch(/Qiniu/);
	}, 10 * MINUTE);

	test('the Tencent Cloud API credential from the node: its fields, Secret Key masked, Test accepts the demo key and explains a wrong one', async () => {
		await closeCredentialDialog();
		await vatNodeOpen();
		await chooseProvider('Tencent Cloud');
		await expect(credentialLabelText()).resolves.toBe('Tencent Cloud API Credential');
		await ed.step('credential-form', async () => {
			const fields = await createCredentialFromNode();
			expect(fields).toEqual(expect.arrayContaining(['secretId', 'secretKey', 'sessionToken', 'region', 'endpoint']));
			expect(fields).not.toContain('accessKey');
			for (const label of ['Secret ID', 'Secret Key', 'Region', 'Endpoint']) {
				await dialog().getByText(new RegExp(`^${label}\\s*\\*?$`)).first().waitFor({ timeout: LONG });
			}
			await expect(credentialInput('secretKey').getAttribute('type')).resolves.toBe('password');
			await expect(credentialInput('region').inputValue()).resolves.toBe('Guangzhou');
		});
		ed.publish('credential-form', 'tencent-cloud-credential.png');

		await ed.step('credential-test-failure', async () => {
			const rejectedBefore = ed.emulator.stats().rejectedSignatures;
			await credentialInput('secretId').fill(ed.demoKeys.tencent.secretId);
			await credentialInput('secretKey').fill('wrong-secret-key-for-the-browser-test');
			await credentialInput('endpoint').fill(ed.emulatorUrl);
			await expect(saveAndTest()).resolves.toBe('refused');
			expect(ed.emulator.stats().rejectedSignatures).toBeGreaterThan(rejectedBefore);
			// "More details" shows the credential test's own explanation of the provider's error code.
			await dialog().getByText('More details').first().click();
			await dialog().getByText(/the Secret Key does not belong to this Secret ID/).first().waitFor({ timeout: LONG });
			await expect(dialog().innerText()).resolves.not.toContain('wrong-secret-key-for-the-browser-test');
		});
		ed.publish('credential-test-failure', 'tencent-cloud-credential-wrong-key.png');

		await ed.step('credential-test-success', async () => {
			await credentialInput('secretKey').fill(ed.demoKeys.tencent.secretKey);
			await expect(saveAndTest()).resolves.toBe('ok');
		});
		ed.publish('credential-test-success', 'tencent-cloud-credential-tested.png');
		await closeCredentialDialog();
	}, 10 * MINUTE);

	test('examples/folder-to-excel.json runs to green from the editor and shows invoice fields', async () => {
		await ed.step('folder-to-excel-open', async () => {
			await openWorkflow(ed.workflows.folderToExcel);
			await expect(page.getByTestId('canvas-node').count()).resolves.toBeGreaterThanOrEqual(6);
		});
		ed.publish('folder-to-excel-open', 'folder-to-excel-workflow.png');

		await ed.step('folder-to-excel-executed', async () => {
			await page.getByTestId('execute-workflow-button').click();
			const nodes = page.getByTestId('canvas-node');
			const total = await nodes.count();
			await page.waitForFunction(`document.querySelectorAll('[data-test-id="canvas-node-status-success"]').length >= ${total}`, undefined, {
				timeout: 4 * LONG,
				polling: 1000,
			});
			await expect(page.locator('[data-test-id="canvas-node-status-warning"]:visible').count()).resolves.toBe(0);
			expect(ed.outputFiles()).toContain('invoices.xlsx');
		});
		ed.publish('folder-to-excel-executed', 'folder-to-excel-executed.png');

		await ed.step('normalize-output-table', async () => {
			await page.getByTestId('canvas-node').filter({ hasText: 'Normalize Invoice' }).first().dblclick();
			const table = page.locator('table').filter({ hasText: 'invoiceNumber' }).filter({ visible: true }).first();
			await table.waitFor({ timeout: LONG });
			const text = await table.innerText();
			for (const field of ['invoiceNumber', 'issueDate', 'sellerName', 'totalAmount']) expect(text).toContain(field);
			expect(text).toMatch(/\d{4}-\d{2}-\d{2}/);
		});
		ed.publish('normalize-output-table', 'normalize-invoice-output.png');
	}, 10 * MINUTE);
});
