'use strict';
/*
 * A throwaway IMAP server on 127.0.0.1 for tests (Debian's dovecot-imapd; installed with apt-get when
 * missing):
 *
 *   const imap = await startDovecot({ log });  // { host, port, user, password, stop() }
 *   ...; await imap.stop();                    // stops it and removes its folder
 *
 * A private configuration in a temp folder (its own base_dir, plaintext login without TLS, one user
 * from a passwd-file, Maildir in the same folder), started in the foreground with `dovecot -F -c`.
 * The system's own dovecot configuration and service are never read or touched. As root the mail
 * processes run as `nobody` (Dovecot refuses root for mail access); otherwise everything runs as the
 * current user.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { ensurePackage, getFreePort, waitFor, isRoot } = require('./apt');
const { signalGroup, stopGroup } = require('../processes');

const DOVECOT = '/usr/sbin/dovecot';

function idOf(name) {
	const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
	if (uid.status !== 0 || gid.status !== 0) return null;
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function config({ dir, port, mailUser, loginUser, internalUser }) {
	return `# private test configuration written by test/support/services/dovecot.js
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = fapiao-test-${port}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
default_login_user = ${loginUser}
default_internal_user = ${internalUser}
first_valid_uid = ${mailUser.uid}
last_valid_uid = ${mailUser.uid}
first_valid_gid = ${mailUser.gid}
last_valid_gid = ${mailUser.gid}
mail_location = maildir:${dir}/mail/%u
mail_fsync = never
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${dir}/mail/%u
}
`;
}

async function startDovecot(options = {}) {
	const log = options.log || (() => {});
	ensurePackage('dovecot-imapd', () => fs.existsSync(DOVECOT) && fs.existsSync('/usr/lib/dovecot/imap'), log);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fapiao-imap-'));
	fs.chmodSync(dir, 0o755);
	const port = await getFreePort();
	const user = options.user || 'invoices';
	const password = options.password || 'mailbox-test-password';
	let mailUser;
	let loginUser;
	let internalUser;
	if (isRoot()) {
		mailUser = idOf('nobody') || { uid: 65534, gid: 65534 };
		loginUser = idOf('dovenull') ? 'dovenull' : 'nobody';
		internalUser = idOf('dovecot') ? 'dovecot' : 'nobody';
	} else {
		const me = os.userInfo();
		mailUser = { uid: me.uid, gid: me.gid };
		loginUser = me.username;
		internalUser = me.username;
	}
	for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
	if (isRoot()) spawnSync('chown', [`${mailUser.uid}:${mailUser.gid}`, path.join(dir, 'mail')]);
	fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
	const conf = path.join(dir, 'dovecot.conf');
	fs.writeFileSync(conf, config({ dir, port, mailUser, loginUser, internalUser }));

	const child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let output = '';
	let exited = null;
	child.stdout.on('data', (c) => (output += c));
	child.stderr.on('data', (c) => (output += c));
	child.on('exit', (code, signal) => (exited = { code, signal }));
	const logText = () => {
		const file = path.join(dir, 'dovecot.log');
		return (output + (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '')).slice(-3000);
	};
	const greets = () =>
		new Promise((resolve) => {
			const net = require('node:net');
			const socket = net.connect({ host: '127.0.0.1', port });
			let text = '';
			socket.setTimeout(2000, () => {
				socket.destroy();
				resolve(false);
			});
			socket.on('data', (c) => {
				text += c;
				if (text.includes('\r\n')) {
					socket.destroy();
					resolve(/^\* OK/.test(text));
				}
			});
			socket.on('error', () => resolve(false));
		});
	try {
		await waitFor(`Dovecot on 127.0.0.1:${port}`, async () => {
			if (exited) throw new Error('exited');
			return greets();
		}, 30000, 200);
	} catch (error) {
		signalGroup(child, 'SIGKILL');
		const text = logText();
		fs.rmSync(dir, { recursive: true, force: true });
		throw new Error(`Dovecot did not start${exited ? ` (exited ${exited.code ?? exited.signal})` : ''}: ${error.message}\n${text}`);
	}
	log(`dovecot on 127.0.0.1:${port} (user ${user}, folder ${dir})`);
	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		dir,
		log: logText,
		async stop() {
			if (!exited) await stopGroup(child, 10000);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

module.exports = { startDovecot };
