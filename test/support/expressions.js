'use strict';
// Evaluates the n8n expressions of the example workflows as plain JavaScript, for the examples test (plain Node,
// like the other test helpers that need what n8n's lint keeps out of TypeScript: here node:vm).
const vm = require('node:vm');

/**
 * An expression (`={{ js }}`, or a template of them), with the item's $json and $binary, and $('Node').item.json
 * from `nodes`.
 * @param {string} expression
 * @param {{ json: Record<string, unknown>, binary?: Record<string, unknown> }} item
 * @param {Record<string, Record<string, unknown>>} [nodes]
 * @returns {unknown}
 */
function evaluateExpression(expression, item, nodes = {}) {
	const context = { $json: item.json, $binary: item.binary, $: (name) => ({ item: { json: nodes[name] } }) };
	const run = (body) => vm.runInNewContext(`(${body})`, context, { timeout: 1000 });
	const whole = /^=\{\{([\s\S]*)\}\}$/.exec(expression);
	if (whole && !whole[1].includes('}}')) return run(whole[1]);
	return expression.slice(1).replace(/\{\{([\s\S]*?)\}\}/g, (_, body) => String(run(body)));
}

module.exports = { evaluateExpression };
