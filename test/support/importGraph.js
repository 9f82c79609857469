'use strict';
// The import graph of nodes/core, read from the sources (plain Node, so the TypeScript test stays within
// n8n's cloud lint rules). Paths are relative to nodes/core, with forward slashes.
const fs = require('node:fs');
const path = require('node:path');

const coreRoot = path.resolve(__dirname, '..', '..', 'nodes', 'core');

function sourceFiles(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

function resolveImport(fromFile, spec) {
	const base = path.resolve(path.dirname(fromFile), spec);
	for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
		if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
	}
	throw new Error(`${path.relative(coreRoot, fromFile)} imports ${spec}, which does not resolve`);
}

const rel = (file) => path.relative(coreRoot, file).split(path.sep).join('/');

/**
 * @returns {{ entries: string[], files: string[], importsOf: Record<string, string[]>, edges: Array<{ from: string, to: string, spec: string }> }}
 */
function coreImportGraph() {
	const files = sourceFiles(coreRoot);
	const importsOf = {};
	const edges = [];
	for (const file of files) {
		const text = fs.readFileSync(file, 'utf8');
		const specs = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => m[1]);
		importsOf[rel(file)] = specs;
		for (const spec of specs) {
			if (spec.startsWith('.')) edges.push({ from: rel(file), to: rel(resolveImport(file, spec)), spec });
		}
	}
	return { entries: fs.readdirSync(coreRoot).sort(), files: files.map(rel), importsOf, edges };
}

module.exports = { coreImportGraph };
