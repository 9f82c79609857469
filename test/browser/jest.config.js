// The n8n editor in a real browser (Debian's Chromium via playwright-core): `npx jest --config test/browser/jest.config.js`.
// Modelled on the e2e project of the root jest.config.js; one file, run in band (it starts n8n and a browser).
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..', '..');
module.exports = {
	rootDir,
	displayName: 'browser',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	maxWorkers: 1,
};
