import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { statusHint } from '../nodes/core/providers/qiniu';
import { prepareQiniuRequest, readQiniuCredentials } from '../nodes/core/providers/signing/request';

/**
 * Qiniu AccessKey/SecretKey. authenticate() signs every request with a Qiniu v2 management token
 * (`Authorization: Qiniu <AccessKey>:<sign>`, X-Qiniu-Date signed), so the credential also works from
 * the HTTP Request node ("Predefined Credential Type") for Qiniu's management APIs.
 */
export class QiniuApi implements ICredentialType {
	name = 'qiniuApi';

	displayName = 'Qiniu API';

	icon: Icon = { light: 'file:qiniu.svg', dark: 'file:qiniu.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-fapiao/n8n-nodes-fapiao#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			default: '',
			required: true,
			description:
				'The AccessKey (AK) from the Qiniu portal: Personal center > Key management (https://portal.qiniu.com/developer/user/key)',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The SecretKey (SK) shown next to the AccessKey. It never leaves n8n: requests carry only a signature made with it.',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'https://ap-gate-z0.qiniuapi.com',
			description:
				'Optional base URL that replaces the public Qiniu API host (*.qiniuapi.com) in every request made with this credential: a proxy, or a local emulator such as http://127.0.0.1:9000. Leave empty for the public API.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return prepareQiniuRequest(requestOptions, readQiniuCredentials(credentials), Date.now());
	}

	// Listing the account's buckets (what the Qiniu SDK's listBucket sends): free, signed with the same
	// management token as the OCR gateway, HTTP 200 with a working key and 401 with a wrong one.
	// authenticate() moves the call to the Endpoint when one is set.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: 'https://uc.qiniuapi.com/buckets',
			json: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `${statusHint(401).hint} (HTTP 401)`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The key was accepted but may not list buckets (HTTP 403). The test lists buckets; give the key that permission, or use the main account key.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Endpoint does not serve the bucket list used as a test (HTTP 404). Check the Endpoint URL; leave it empty for the public API.',
				},
			},
		],
	};
}
