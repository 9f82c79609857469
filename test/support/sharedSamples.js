'use strict';
// The real invoices without a licence live outside the repository, in ../shared/samples beside it
// (/work/shared/samples here; in CI the repo is cloned with shared/ beside it). Tests read them at run
// time and never copy them. Plain Node: TypeScript tests may not use fs or process.
const fs = require('node:fs');
const path = require('node:path');
const { repoRoot } = require('./files');

const sharedSamplesDir = path.join(repoRoot, '..', 'shared', 'samples');

/** Whether the folder exists; when CI=true a missing folder is an error the suite must report. */
function sharedSamplesPresent() {
	return fs.existsSync(sharedSamplesDir);
}

function isCi() {
	return process.env.CI === 'true';
}

/** Files of a sub-folder (e.g. 'xml'), sorted; [] when the folder is missing. @param {string} sub */
function listSharedSamples(sub) {
	const dir = path.join(sharedSamplesDir, sub);
	return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** @param {...string} parts @returns {Buffer} */
function readSharedSample(...parts) {
	return fs.readFileSync(path.join(sharedSamplesDir, ...parts));
}

/** @param {...string} parts @returns {any} */
function readSharedJson(...parts) {
	return JSON.parse(readSharedSample(...parts).toString('utf8'));
}

/** A line for the test log (corpus counts); console is not allowed in the linted TypeScript tests. @param {string} line */
function logLine(line) {
	console.log(line);
}

module.exports = { logLine, sharedSamplesDir, sharedSamplesPresent, isCi, listSharedSamples, readSharedSample, readSharedJson };
