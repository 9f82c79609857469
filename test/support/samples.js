'use strict';
// The shared sample invoices (../shared/samples beside the repository): real files WITHOUT a licence,
// read at test time and never copied into the repository. Plain JS so the TypeScript tests stay free of fs.
const fs = require('node:fs');
const path = require('node:path');
const { repoRoot } = require('./files');

const samplesDir = path.join(repoRoot, '..', 'shared', 'samples');

/** @returns {boolean} */
function hasSamples(kind) {
	return fs.existsSync(path.join(samplesDir, kind));
}

/** @returns {string[]} file names in samples/<kind> ending with `ext`, sorted */
function listSamples(kind, ext) {
	if (!hasSamples(kind)) return [];
	return fs.readdirSync(path.join(samplesDir, kind)).filter((f) => f.endsWith(ext)).sort();
}

/** @returns {Buffer} */
function readSample(...parts) {
	return fs.readFileSync(path.join(samplesDir, ...parts));
}

/** @returns {any} the parsed EXPECTED_PDF_XML.json (key fields of each sample), or {} when absent */
function expectedFields() {
	const file = path.join(samplesDir, 'EXPECTED_PDF_XML.json');
	return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

/** @returns {boolean} running in CI (samples must be there) */
function isCi() {
	return process.env.CI === 'true' || process.env.CI === '1';
}

/** Prints a line in test output (the TypeScript tests may not call console themselves). */
function log(message) {
	console.log(message);
}

module.exports = { samplesDir, hasSamples, listSamples, readSample, expectedFields, isCi, log };
