'use strict';
// File-system access for tests lives here, in plain Node, so that the TypeScript tests stay within
// n8n's cloud lint rules (no node:fs, no __dirname) like the shipped code.
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

/** @param {...string} parts @returns {Buffer} */
function readFixture(...parts) {
	return fs.readFileSync(path.join(fixturesDir, ...parts));
}

/** @param {...string} parts @returns {any} */
function readJsonFixture(...parts) {
	return JSON.parse(readFixture(...parts).toString('utf8'));
}

/** @param {...string} parts @returns {string[]} */
function listFixtures(...parts) {
	return fs.readdirSync(path.join(fixturesDir, ...parts)).sort();
}

/** A file of the repository (package.json, index.js, …) as text. @param {...string} parts @returns {string} */
function readRepoFile(...parts) {
	return fs.readFileSync(path.join(repoRoot, ...parts), 'utf8');
}

/** Names in a folder of the repository, sorted. @param {...string} parts @returns {string[]} */
function listRepoFiles(...parts) {
	return fs.readdirSync(path.join(repoRoot, ...parts)).sort();
}

/** Whether a file or folder of the repository exists. @param {...string} parts @returns {boolean} */
function repoFileExists(...parts) {
	return fs.existsSync(path.join(repoRoot, ...parts));
}

/** @param {...string} parts @returns {string} */
function fixturePath(...parts) {
	return path.join(fixturesDir, ...parts);
}

module.exports = { repoRoot, fixturesDir, readFixture, readJsonFixture, listFixtures, fixturePath, readRepoFile, listRepoFiles, repoFileExists };
