'use strict';
/**
 * Processes and ports of the test services (n8n, its workers, Dovecot): a free port on 127.0.0.1, and the
 * signals to a detached child's whole process group (its pid is the group id), which also reach what the
 * child started itself.
 */
const net = require('node:net');

/** A port nobody listens on at 127.0.0.1 right now. */
function getFreePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function hasExited(child) {
	return child.exitCode !== null || child.signalCode !== null;
}

/** Sends `signal` to the child's process group (the child alone when it has none); nothing when it is gone. */
function signalGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* gone */
		}
	}
}

/** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the child has exited. */
function stopGroup(child, graceMs = 10000) {
	return new Promise((resolve) => {
		if (hasExited(child)) {
			resolve();
			return;
		}
		const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		signalGroup(child, 'SIGTERM');
	});
}

/**
 * Starts `server` (a node:http server) on 127.0.0.1 at a free port: its url and port, and close(), which ends open
 * connections too. The one way the tests' small servers listen.
 */
async function listenOnLoopback(server) {
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

module.exports = { listenOnLoopback, getFreePort, hasExited, signalGroup, stopGroup };
