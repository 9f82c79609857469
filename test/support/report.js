'use strict';
// Figures a test prints (counts of files and fields checked): console lives here, in plain JS, so that the
// TypeScript tests stay within the lint rules of shipped code.

/** @param {string} message */
function report(message) {
	console.log(message);
}

module.exports = { report };
