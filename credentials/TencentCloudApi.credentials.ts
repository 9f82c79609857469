import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { CREDENTIAL_FAILURE_CODES, TENCENT_ERROR_CODES } from '../nodes/core/providers/tencent';
import { prepareTencentRequest, readTencentCredentials } from '../nodes/core/providers/signing/request';

/** A response code that makes the credential test fail, with what to tell the user. */
function failOn(code: string, message: string): IAuthenticateRuleResponseSuccessBody {
	return { type: 'responseSuccessBody', properties: { key: 'Response.Error.Code', value: code, message } };
}

/**
 * Tencent Cloud API 3.0 keys. authenticate() signs every request with TC3-HMAC-SHA256, so the
 * credential also works from the HTTP Request node ("Predefined Credential Type") for any Tencent
 * Cloud API: put the action and version in the X-TC-Action and X-TC-Version headers.
 */
export class TencentCloudApi implements ICredentialType {
	name = 'tencentCloudApi';

	displayName = 'Tencent Cloud API';

	icon: Icon = { light: 'file:tencentCloud.svg', dark: 'file:tencentCloud.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-fapiao/n8n-nodes-fapiao#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret ID',
			name: 'secretId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'AKID...',
			description:
				'The SecretId of an API key, from the Tencent Cloud console: CAM > API Keys (https://console.cloud.tencent.com/cam/capi). A sub-user key with the QcloudOCRFullAccess (or read-only OCR) policy is enough.',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The SecretKey that belongs to the SecretId. It never leaves n8n: requests carry only a signature made with it.',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for temporary keys issued by STS (AssumeRole, GetFederationToken): the token that comes with them, sent as X-TC-Token. Leave empty for a permanent API key.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'ap-guangzhou',
			description:
				'Sent as X-TC-Region unless a request sets its own. The invoice OCR APIs run in ap-beijing, ap-guangzhou, ap-hongkong and ap-shanghai.',
			options: [
				{ name: 'Beijing', value: 'ap-beijing', description: 'ap-beijing' },
				{ name: 'Chengdu', value: 'ap-chengdu', description: 'ap-chengdu' },
				{ name: 'Chongqing', value: 'ap-chongqing', description: 'ap-chongqing' },
				{ name: 'Guangzhou', value: 'ap-guangzhou', description: 'ap-guangzhou' },
				{ name: 'Hong Kong', value: 'ap-hongkong', description: 'ap-hongkong' },
				{ name: 'Nanjing', value: 'ap-nanjing', description: 'ap-nanjing' },
				{ name: 'Seoul', value: 'ap-seoul', description: 'ap-seoul' },
				{ name: 'Shanghai', value: 'ap-shanghai', description: 'ap-shanghai' },
				{ name: 'Singapore', value: 'ap-singapore', description: 'ap-singapore' },
				{ name: 'Tokyo', value: 'ap-tokyo', description: 'ap-tokyo' },
				{ name: 'Frankfurt', value: 'eu-frankfurt', description: 'eu-frankfurt' },
				{ name: 'Silicon Valley', value: 'na-siliconvalley', description: 'na-siliconvalley' },
				{ name: 'Virginia', value: 'na-ashburn', description: 'na-ashburn' },
			],
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'https://ocr.tencentcloudapi.com',
			description:
				'Optional base URL that replaces the public host (ocr.tencentcloudapi.com) in every request made with this credential: a regional host such as https://ocr.ap-shanghai.tencentcloudapi.com, a private-network endpoint, a proxy, or a local emulator such as http://127.0.0.1:9000. Requests are still signed for the API being called (ocr). Leave empty for the public API.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return prepareTencentRequest(requestOptions, readTencentCredentials(credentials), Date.now());
	}

	// VatInvoiceOCR without an image: a signed call that costs nothing. Tencent checks the signature
	// first and answers HTTP 200 either way: AuthFailure.* for a bad key, a parameter error for a good
	// one. authenticate() moves the call to the Endpoint when one is set.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			baseURL: 'https://ocr.tencentcloudapi.com',
			url: '/',
			headers: {
				'Content-Type': 'application/json',
				'X-TC-Action': 'VatInvoiceOCR',
				'X-TC-Version': '2018-11-19',
			},
			body: {},
			json: true,
		},
		// One rule per code that means "this credential will not work", worded by the same error table
		// that explains these codes in the nodes.
		rules: CREDENTIAL_FAILURE_CODES.map((code) => failOn(code, `${TENCENT_ERROR_CODES[code].hint} (${code})`)),
	};
}
