// Unit tests run from TypeScript sources; end-to-end tests (test/e2e) drive a real n8n and the built package.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }];
module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/browser/'],
			transform: { '^.+\\.tsx?$': tsJest },
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/e2e'],
			testMatch: ['**/*.test.ts'],
			transform: { '^.+\\.tsx?$': tsJest },
		},
	],
};
