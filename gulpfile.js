// Copies what tsc does not emit (icons) into dist/, next to the compiled nodes and credentials.
const { src, dest, series } = require('gulp');
const fs = require('fs');

function clean(done) {
	fs.rmSync('dist', { recursive: true, force: true });
	done();
}

function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:icons'] = copyIcons;
exports.default = copyIcons;
