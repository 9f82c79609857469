/**
 * Builds synthetic 数电 XML e-invoices (EInvoice documents) for tests. All values are made up; nothing
 * comes from a real invoice. Each element can be left out or replaced to test one field path.
 */
export interface SyntheticItem {
	name?: string;
	spec?: string;
	unit?: string;
	quantity?: string;
	price?: string;
	amount?: string;
	rate?: string;
	tax?: string;
}

export interface SyntheticInvoice {
	eiid?: string;
	number?: string;
	issueTime?: string;
	requestTime?: string;
	vatLabelName?: string;
	vatLabelCode?: string;
	sellerName?: string;
	sellerId?: string;
	sellerAddr?: string;
	sellerTel?: string;
	sellerBank?: string;
	sellerAccount?: string;
	buyerName?: string;
	buyerId?: string;
	buyerAddr?: string;
	buyerTel?: string;
	buyerBank?: string;
	buyerAccount?: string;
	withoutTax?: string;
	tax?: string;
	total?: string;
	inWords?: string;
	drawer?: string;
	remark?: string;
	/** Header/InherentLabel/InIssuType LabelCode: Y blue, N red (left out when undefined). */
	inIssuType?: string;
	items?: SyntheticItem[];
	/** Written before the root element (declaration, comments). */
	prolog?: string;
}

export const SYNTHETIC: Required<Omit<SyntheticInvoice, 'prolog' | 'vatLabelCode' | 'requestTime' | 'inIssuType'>> = {
	eiid: '99000000000000000001',
	number: '99000000000000000001',
	issueTime: '2031-02-03 04:05:06',
	vatLabelName: '增值税专用发票',
	sellerName: '测试销售方甲有限公司',
	sellerId: '91110000000000001H',
	sellerAddr: '测试市测试路1号',
	sellerTel: '010-00000001',
	sellerBank: '测试银行甲支行',
	sellerAccount: '6200000000000001',
	buyerName: '测试购买方乙有限公司',
	buyerId: '91110000000000002L',
	buyerAddr: '测试市测试路2号',
	buyerTel: '010-00000002',
	buyerBank: '测试银行乙支行',
	buyerAccount: '6200000000000002',
	withoutTax: '300.00',
	tax: '27.00',
	total: '327.00',
	inWords: '叁佰贰拾柒圆整',
	drawer: '测试员',
	remark: '测试备注 A&B',
	items: [
		{ name: '*测试类*甲商品', spec: 'X-1', unit: '个', quantity: '2', price: '100', amount: '200.00', rate: '0.09', tax: '18.00' },
		{ name: '*测试类*乙服务', spec: '', unit: '次', quantity: '1', price: '100', amount: '100.00', rate: '0.090000', tax: '9.00' },
	],
};

function esc(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function el(name: string, value: string | undefined): string {
	return value === undefined ? '' : `<${name}>${esc(value)}</${name}>`;
}

/** A complete EInvoice document; fields set to undefined in `overrides` are left out. */
export function einvoiceXml(overrides: Partial<SyntheticInvoice> = {}): string {
	const v: SyntheticInvoice = { ...SYNTHETIC, ...overrides };
	const items = (v.items ?? [])
		.map(
			(item) =>
				'<IssuItemInformation>' +
				el('ItemName', item.name) +
				el('SpecMod', item.spec) +
				el('MeaUnits', item.unit) +
				el('Quantity', item.quantity) +
				el('UnPrice', item.price) +
				el('Amount', item.amount) +
				el('TaxRate', item.rate) +
				el('ComTaxAm', item.tax) +
				'</IssuItemInformation>',
		)
		.join('\n');
	return `${v.prolog ?? '<?xml version="1.0" encoding="utf-8"?>'}
<EInvoice>
  <Header>${el('EIid', v.eiid)}<EInvoiceTag>TEST</EInvoiceTag>
    <InherentLabel>${v.inIssuType === undefined ? '' : `\n      <InIssuType><LabelCode>${esc(v.inIssuType)}</LabelCode><LabelName>是否蓝字发票标志</LabelName></InIssuType>`}
      <EInvoiceType><LabelCode>01</LabelCode><LabelName>电子发票</LabelName></EInvoiceType>
      <GeneralOrSpecialVAT>${el('LabelCode', v.vatLabelCode)}${el('LabelName', v.vatLabelName)}</GeneralOrSpecialVAT>
    </InherentLabel>
  </Header>
  <EInvoiceData>
    <SellerInformation>${el('SellerIdNum', v.sellerId)}${el('SellerName', v.sellerName)}${el('SellerAddr', v.sellerAddr)}${el('SellerTelNum', v.sellerTel)}${el('SellerBankName', v.sellerBank)}${el('SellerBankAccNum', v.sellerAccount)}</SellerInformation>
    <BuyerInformation>${el('BuyerIdNum', v.buyerId)}${el('BuyerName', v.buyerName)}${el('BuyerAddr', v.buyerAddr)}${el('BuyerTelNum', v.buyerTel)}${el('BuyerBankName', v.buyerBank)}${el('BuyerBankAccNum', v.buyerAccount)}</BuyerInformation>
    <BasicInformation>${el('TotalAmWithoutTax', v.withoutTax)}${el('TotalTaxAm', v.tax)}${el('TotalTax-includedAmount', v.total)}${el('TotalTax-includedAmountInChinese', v.inWords)}${el('Drawer', v.drawer)}${el('RequestTime', v.requestTime)}</BasicInformation>
    ${items}
    <SpecificInformation/>
    <AdditionalInformation>${el('Remark', v.remark)}</AdditionalInformation>
  </EInvoiceData>
  <TaxSupervisionInfo>${el('InvoiceNumber', v.number)}${el('IssueTime', v.issueTime)}</TaxSupervisionInfo>
</EInvoice>
`;
}

export function einvoiceBytes(overrides: Partial<SyntheticInvoice> = {}): Uint8Array {
	return new TextEncoder().encode(einvoiceXml(overrides));
}
