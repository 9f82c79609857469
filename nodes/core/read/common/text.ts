/** Value clean-up and recognisers shared by the readers, and the one table of what "as printed" folds (below). */

/** Trim, and drop the currency signs ¥ (U+00A5) and ￥ (U+FFE5) that the printed layout puts before amounts. */
export function cleanValue(value: string | undefined | null): string {
	if (value === undefined || value === null) return '';
	return value.replace(/[¥￥]/g, '').trim();
}

/** For codes and numbers (invoice code/number, check code, tax ids, machine number): no whitespace at all. */
export function compactValue(value: string | undefined | null): string {
	return cleanValue(value).replace(/\s+/g, '');
}

/** Join the pieces of one value split over several text objects (e.g. an item name wrapped over two lines). */
export function joinPieces(pieces: readonly string[]): string {
	let out = '';
	for (const piece of pieces) out += cleanValue(piece);
	return out;
}

/** 价税合计(大写): the one recognizer lives with the parser it relies on. */
export { isAmountInWords } from '../../invoice/normalize/amountInWords';

/** Whether `text` could be the printed invoice title (e.g. 浙江增值税电子普通发票, 电子发票（增值税专用发票）). */
export function isTitleCandidate(text: string): boolean {
	const compact = text.replace(/\s+/g, '');
	if (compact.length < 4 || compact.length > 40) return false;
	if (!/发票|客票|行程单/.test(compact)) return false;
	if (/[:：]|代码|号码|所属|清单|详见|请|监制/.test(compact)) return false;
	return true;
}

/** Whether a GraphCode value is the textual QR payload (`01,10,code,number,...`) rather than an image. */
export function isQrText(value: string): boolean {
	const v = value.trim();
	return v.length >= 10 && v.length <= 300 && /^[0-9A-Za-z]{2},[0-9A-Za-z]{0,4},/.test(v) && !/\s/.test(v);
}

/**
 * Tencent's VerifyOfdVatInvoiceOCR `Type` codes: 026 增值税电子普通发票, 028 增值税电子专用发票,
 * 010 电子发票（普通发票）, 020 电子发票（增值税专用发票）, 030 铁路电子客票, 040 航空运输电子客票行程单.
 * Derived from the printed title first, else from the QR code's type field; '' when neither tells.
 */
export function invoiceTypeCode(title: string, qrCode: string | null): string {
	const t = title.replace(/\s+/g, '');
	if (t) {
		if (/铁路电子客票/.test(t)) return '030';
		if (/航空运输电子客票行程单/.test(t)) return '040';
		if (/^电子发票/.test(t)) return /专用/.test(t) ? '020' : /普通/.test(t) ? '010' : '';
		if (/增值税电子专用发票/.test(t)) return '028';
		if (/增值税电子普通发票/.test(t)) return '026';
	}
	if (qrCode) {
		const kind = qrCode.split(',')[1] ?? '';
		const byQr: Record<string, string> = { '10': '026', '20': '028', '31': '020', '32': '010', '51': '030', '61': '040' };
		if (byQr[kind]) return byQr[kind];
	}
	return '';
}

// ---------------------------------------------------------------------------------------------------------

/**
 * "As printed": what every local reader (PDF, OFD, 数电 XML) does to the text it reads.
 *
 * Values keep the characters the invoice prints: full-width brackets （）, ￥, ＊, ：, the ideographic space.
 * Only encoding artefacts are folded, characters that never differ in print from the ideograph they
 * stand for, but come out of a PDF or OFD text layer when a font maps its glyphs to the wrong block:
 *
 *   | range            | block                                  | folded to                              |
 *   |------------------|----------------------------------------|----------------------------------------|
 *   | U+2E80–U+2EFF    | CJK Radicals Supplement                | the unified ideograph NFKC gives (2)   |
 *   | U+2F00–U+2FDF    | Kangxi Radicals (⼦ ⽅ ⾦)               | the unified ideograph (214)            |
 *   | U+F900–U+FAFF    | CJK Compatibility Ideographs           | the canonical ideograph (460)          |
 *   | U+2F800–U+2FA1F  | CJK Compatibility Ideographs Supplement| the canonical ideograph (542)          |
 *
 * That is the whole table (FOLDS below, written by scripts/gen-printed-folds.js from NFKC restricted to these
 * ranges; test/core/read/common/printed.test.ts checks it code point by code point). Nothing else is folded.
 *
 * Labels are still matched tolerantly: the layout reader matches labels and amounts on a *loose view* of the
 * page (looseChar: a one-character NFKC, so ： reads as : and （ as (), the same length as the printed
 * text, and takes every value back from the printed characters (PrintedText.restore).
 */

// The table: pairs of (artefact, ideograph), by code point.
const FOLD_LINES: readonly string[] = [
	// BEGIN FOLDS
	'⺟母⻳龟',
	'⼀一⼁丨⼂丶⼃丿⼄乙⼅亅⼆二⼇亠⼈人⼉儿⼊入⼋八⼌冂⼍冖⼎冫⼏几⼐凵⼑刀⼒力⼓勹⼔匕⼕匚⼖匸⼗十⼘卜⼙卩⼚厂⼛厶⼜又⼝口⼞囗⼟土⼠士⼡夂⼢夊⼣夕⼤大⼥女⼦子⼧宀⼨寸⼩小⼪尢⼫尸⼬屮⼭山⼮巛⼯工',
	'⼰己⼱巾⼲干⼳幺⼴广⼵廴⼶廾⼷弋⼸弓⼹彐⼺彡⼻彳⼼心⼽戈⼾戶⼿手⽀支⽁攴⽂文⽃斗⽄斤⽅方⽆无⽇日⽈曰⽉月⽊木⽋欠⽌止⽍歹⽎殳⽏毋⽐比⽑毛⽒氏⽓气⽔水⽕火⽖爪⽗父⽘爻⽙爿⽚片⽛牙⽜牛⽝犬⽞玄⽟玉',
	'⽠瓜⽡瓦⽢甘⽣生⽤用⽥田⽦疋⽧疒⽨癶⽩白⽪皮⽫皿⽬目⽭矛⽮矢⽯石⽰示⽱禸⽲禾⽳穴⽴立⽵竹⽶米⽷糸⽸缶⽹网⽺羊⽻羽⽼老⽽而⽾耒⽿耳⾀聿⾁肉⾂臣⾃自⾄至⾅臼⾆舌⾇舛⾈舟⾉艮⾊色⾋艸⾌虍⾍虫⾎血⾏行',
	'⾐衣⾑襾⾒見⾓角⾔言⾕谷⾖豆⾗豕⾘豸⾙貝⾚赤⾛走⾜足⾝身⾞車⾟辛⾠辰⾡辵⾢邑⾣酉⾤釆⾥里⾦金⾧長⾨門⾩阜⾪隶⾫隹⾬雨⾭靑⾮非⾯面⾰革⾱韋⾲韭⾳音⾴頁⾵風⾶飛⾷食⾸首⾹香⾺馬⾻骨⾼高⾽髟⾾鬥⾿鬯',
	'⿀鬲⿁鬼⿂魚⿃鳥⿄鹵⿅鹿⿆麥⿇麻⿈黃⿉黍⿊黑⿋黹⿌黽⿍鼎⿎鼓⿏鼠⿐鼻⿑齊⿒齒⿓龍⿔龜⿕龠',
	'豈豈更更車車賈賈滑滑串串句句龜龜龜龜契契金金喇喇奈奈懶懶癩癩羅羅蘿蘿螺螺裸裸邏邏樂樂洛洛烙烙珞珞落落酪酪駱駱亂亂卵卵欄欄爛爛蘭蘭鸞鸞嵐嵐濫濫藍藍襤襤拉拉臘臘蠟蠟廊廊朗朗浪浪狼狼郎郎來來冷冷勞勞',
	'擄擄櫓櫓爐爐盧盧老老蘆蘆虜虜路路露露魯魯鷺鷺碌碌祿祿綠綠菉菉錄錄鹿鹿論論壟壟弄弄籠籠聾聾牢牢磊磊賂賂雷雷壘壘屢屢樓樓淚淚漏漏累累縷縷陋陋勒勒肋肋凜凜凌凌稜稜綾綾菱菱陵陵讀讀拏拏樂樂諾諾丹丹寧寧',
	'怒怒率率異異北北磻磻便便復復不不泌泌數數索索參參塞塞省省葉葉說說殺殺辰辰沈沈拾拾若若掠掠略略亮亮兩兩凉凉梁梁糧糧良良諒諒量量勵勵呂呂女女廬廬旅旅濾濾礪礪閭閭驪驪麗麗黎黎力力曆曆歷歷轢轢年年憐憐',
	'戀戀撚撚漣漣煉煉璉璉秊秊練練聯聯輦輦蓮蓮連連鍊鍊列列劣劣咽咽烈烈裂裂說說廉廉念念捻捻殮殮簾簾獵獵令令囹囹寧寧嶺嶺怜怜玲玲瑩瑩羚羚聆聆鈴鈴零零靈靈領領例例禮禮醴醴隸隸惡惡了了僚僚寮寮尿尿料料樂樂',
	'燎燎療療蓼蓼遼遼龍龍暈暈阮阮劉劉杻杻柳柳流流溜溜琉琉留留硫硫紐紐類類六六戮戮陸陸倫倫崙崙淪淪輪輪律律慄慄栗栗率率隆隆利利吏吏履履易易李李梨梨泥泥理理痢痢罹罹裏裏裡裡里里離離匿匿溺溺吝吝燐燐璘璘',
	'藺藺隣隣鱗鱗麟麟林林淋淋臨臨立立笠笠粒粒狀狀炙炙識識什什茶茶刺刺切切度度拓拓糖糖宅宅洞洞暴暴輻輻行行降降見見廓廓兀兀嗀嗀塚塚晴晴凞凞猪猪益益礼礼神神祥祥福福靖靖精精羽羽蘒蘒諸諸逸逸都都飯飯飼飼',
	'館館鶴鶴郞郞隷隷侮侮僧僧免免勉勉勤勤卑卑喝喝嘆嘆器器塀塀墨墨層層屮屮悔悔慨慨憎憎懲懲敏敏既既暑暑梅梅海海渚渚漢漢煮煮爫爫琢琢碑碑社社祉祉祈祈祐祐祖祖祝祝禍禍禎禎穀穀突突節節練練縉縉繁繁署署者者',
	'臭臭艹艹艹艹著著褐褐視視謁謁謹謹賓賓贈贈辶辶逸逸難難響響頻頻恵恵𤋮𤋮舘舘並並况况全全侀侀充充冀冀勇勇勺勺喝喝啕啕喙喙嗢嗢塚塚墳墳奄奄奔奔婢婢嬨嬨廒廒廙廙彩彩徭徭惘惘慎慎愈愈憎憎慠慠懲懲戴戴揄揄',
	'搜搜摒摒敖敖晴晴朗朗望望杖杖歹歹殺殺流流滛滛滋滋漢漢瀞瀞煮煮瞧瞧爵爵犯犯猪猪瑱瑱甆甆画画瘝瘝瘟瘟益益盛盛直直睊睊着着磌磌窱窱節節类类絛絛練練缾缾者者荒荒華華蝹蝹襁襁覆覆視視調調諸諸請請謁謁諾諾',
	'諭諭謹謹變變贈贈輸輸遲遲醙醙鉶鉶陼陼難難靖靖韛韛響響頋頋頻頻鬒鬒龜龜𢡊𢡊𢡄𢡄𣏕𣏕㮝㮝䀘䀘䀹䀹𥉉𥉉𥳐𥳐𧻓𧻓齃齃龎龎',
	'丽丽丸丸乁乁𠄢𠄢你你侮侮侻侻倂倂偺偺備備僧僧像像㒞㒞𠘺𠘺免免兔兔兤兤具具𠔜𠔜㒹㒹內內再再𠕋𠕋冗冗冤冤仌仌冬冬况况𩇟𩇟凵凵刃刃',
	'㓟㓟刻刻剆剆割割剷剷㔕㔕勇勇勉勉勤勤勺勺包包匆匆北北卉卉卑卑博博即即卽卽卿卿卿卿卿卿𠨬𠨬灰灰及及叟叟𠭣𠭣叫叫叱叱吆吆咞咞吸吸呈呈',
	'周周咢咢哶哶唐唐啓啓啣啣善善善善喙喙喫喫喳喳嗂嗂圖圖嘆嘆圗圗噑噑噴噴切切壮壮城城埴埴堍堍型型堲堲報報墬墬𡓤𡓤売売壷壷夆夆多多夢夢',
	'奢奢𡚨𡚨𡛪𡛪姬姬娛娛娧娧姘姘婦婦㛮㛮㛼㛼嬈嬈嬾嬾嬾嬾𡧈𡧈寃寃寘寘寧寧寳寳𡬘𡬘寿寿将将当当尢尢㞁㞁屠屠屮屮峀峀岍岍𡷤𡷤嵃嵃𡷦𡷦',
	'嵮嵮嵫嵫嵼嵼巡巡巢巢㠯㠯巽巽帨帨帽帽幩幩㡢㡢𢆃𢆃㡼㡼庰庰庳庳庶庶廊廊𪎒𪎒廾廾𢌱𢌱𢌱𢌱舁舁弢弢弢弢㣇㣇𣊸𣊸𦇚𦇚形形彫彫㣣㣣',
	'徚徚忍忍志志忹忹悁悁㤺㤺㤜㤜悔悔𢛔𢛔惇惇慈慈慌慌慎慎慌慌慺慺憎憎憲憲憤憤憯憯懞懞懲懲懶懶成成戛戛扝扝抱抱拔拔捐捐𢬌𢬌挽挽拼拼捨捨',
	'掃掃揤揤𢯱𢯱搢搢揅揅掩掩㨮㨮摩摩摾摾撝撝摷摷㩬㩬敏敏敬敬𣀊𣀊旣旣書書晉晉㬙㬙暑暑㬈㬈㫤㫤冒冒冕冕最最暜暜肭肭䏙䏙朗朗望望朡朡杞杞',
	'杓杓𣏃𣏃㭉㭉柺柺枅枅桒桒梅梅𣑭𣑭梎梎栟栟椔椔㮝㮝楂楂榣榣槪槪檨檨𣚣𣚣櫛櫛㰘㰘次次𣢧𣢧歔歔㱎㱎歲歲殟殟殺殺殻殻𣪍𣪍𡴋𡴋𣫺𣫺',
	'汎汎𣲼𣲼沿沿泍泍汧汧洖洖派派海海流流浩浩浸浸涅涅𣴞𣴞洴洴港港湮湮㴳㴳滋滋滇滇𣻑𣻑淹淹潮潮𣽞𣽞𣾎𣾎濆濆瀹瀹瀞瀞瀛瀛㶖㶖灊灊災災',
	'灷灷炭炭𠔥𠔥煅煅𤉣𤉣熜熜𤎫𤎫爨爨爵爵牐牐𤘈𤘈犀犀犕犕𤜵𤜵𤠔𤠔獺獺王王㺬㺬玥玥㺸㺸㺸㺸瑇瑇瑜瑜瑱瑱璅璅瓊瓊㼛㼛甤甤𤰶𤰶甾甾',
	'𤲒𤲒異異𢆟𢆟瘐瘐𤾡𤾡𤾸𤾸𥁄𥁄㿼㿼䀈䀈直直𥃳𥃳𥃲𥃲𥄙𥄙𥄳𥄳眞眞真真真真睊睊䀹䀹瞋瞋䁆䁆䂖䂖𥐝𥐝硎硎碌碌磌磌䃣䃣𥘦𥘦祖祖',
	'𥚚𥚚𥛅𥛅福福秫秫䄯䄯穀穀穊穊穏穏𥥼𥥼𥪧𥪧𥪧𥪧竮竮䈂䈂𥮫𥮫篆篆築築䈧䈧𥲀𥲀糒糒䊠䊠糨糨糣糣紀紀𥾆𥾆絣絣䌁䌁緇緇縂縂繅繅䌴䌴',
	'𦈨𦈨𦉇𦉇䍙䍙𦋙𦋙罺罺𦌾𦌾羕羕翺翺者者𦓚𦓚𦔣𦔣聠聠𦖨𦖨聰聰𣍟𣍟䏕䏕育育脃脃䐋䐋脾脾媵媵𦞧𦞧𦞵𦞵𣎓𣎓𣎜𣎜舁舁舄舄辞辞',
	'䑫䑫芑芑芋芋芝芝劳劳花花芳芳芽芽苦苦𦬼𦬼若若茝茝荣荣莭莭茣茣莽莽菧菧著著荓荓菊菊菌菌菜菜𦰶𦰶𦵫𦵫𦳕𦳕䔫䔫蓱蓱蓳蓳蔖蔖𧏊𧏊蕤蕤',
	'𦼬𦼬䕝䕝䕡䕡𦾱𦾱𧃒𧃒䕫䕫虐虐虜虜虧虧虩虩蚩蚩蚈蚈蜎蜎蛢蛢蝹蝹蜨蜨蝫蝫螆螆䗗䗗蟡蟡蠁蠁䗹䗹衠衠衣衣𧙧𧙧裗裗裞裞䘵䘵裺裺㒻㒻𧢮𧢮',
	'𧥦𧥦䚾䚾䛇䛇誠誠諭諭變變豕豕𧲨𧲨貫貫賁賁贛贛起起𧼯𧼯𠠄𠠄跋跋趼趼跰跰𠣞𠣞軔軔輸輸𨗒𨗒𨗭𨗭邔邔郱郱鄑鄑𨜮𨜮鄛鄛鈸鈸鋗鋗鋘鋘',
	'鉼鉼鏹鏹鐕鐕𨯺𨯺開開䦕䦕閷閷𨵷𨵷䧦䧦雃雃嶲嶲霣霣𩅅𩅅𩈚𩈚䩮䩮䩶䩶韠韠𩐊𩐊䪲䪲𩒖𩒖頋頋頋頋頩頩𩖶𩖶飢飢䬳䬳餩餩馧馧駂駂駾駾',
	'䯎䯎𩬰𩬰鬒鬒鱀鱀鳽鳽䳎䳎䳭䳭鵧鵧𪃎𪃎䳸䳸𪄅𪄅𪈎𪈎𪊑𪊑麻麻䵖䵖黹黹黾黾鼅鼅鼏鼏鼖鼖鼻鼻𪘀𪘀',
	// END FOLDS
];

const FOLDS: ReadonlyMap<string, string> = (() => {
	const map = new Map<string, string>();
	for (const line of FOLD_LINES) {
		const chars = [...line];
		for (let i = 0; i + 1 < chars.length; i += 2) map.set(chars[i], chars[i + 1]);
	}
	return map;
})();

const ARTEFACT = /[\u2e80-\u2fdf\uf900-\ufaff\u{2f800}-\u{2fa1f}]/u;
const ARTEFACTS = /[\u2e80-\u2fdf\uf900-\ufaff\u{2f800}-\u{2fa1f}]/gu;

/** The folded form of one code point of the table's ranges, undefined when it is not folded. */
export function foldOf(ch: string): string | undefined {
	return FOLDS.get(ch);
}

/** The number of entries of the table (for the docs and the test). */
export const FOLD_COUNT = FOLDS.size;

/** Text as printed: encoding artefacts folded (the table above), every other character kept. */
export function asPrinted(text: string): string {
	if (!ARTEFACT.test(text)) return text;
	return text.replace(ARTEFACTS, (ch) => FOLDS.get(ch) ?? ch);
}

const looseCache = new Map<string, string>();

/**
 * The character a label or amount is matched on: its NFKC form when that is one UTF-16 unit (： → :,
 * （ → (, ￥ → ¥, the ideographic space → a space), else the character itself, so the loose view has the
 * same length as the printed text and an index into one is an index into the other.
 */
export function looseChar(ch: string): string {
	if (ch.length !== 1 || ch < '\u00a0') return ch;
	let out = looseCache.get(ch);
	if (out === undefined) {
		const n = ch.normalize('NFKC');
		out = n.length === 1 ? n : ch;
		looseCache.set(ch, out);
	}
	return out;
}

/** The loose view of a text (see looseChar): same length, for matching only, never a value. */
export function looseText(text: string): string {
	let plain = true;
	for (let i = 0; i < text.length; i++) {
		if (text.charCodeAt(i) >= 0xa0) {
			plain = false;
			break;
		}
	}
	if (plain) return text;
	let out = '';
	for (let i = 0; i < text.length; i++) out += looseChar(text[i]);
	return out;
}

/**
 * The printed characters behind values read on the loose view. Built from the loose and printed text of a
 * page (equal lengths, e.g. the characters of each row, rows in reading order); restore(value) finds the value
 * (whitespace ignored) in the loose text and returns it with the printed characters at those places. A value
 * not found there (assembled from pieces) is returned unchanged.
 */
export class PrintedText {
	private readonly loose: string;
	private readonly printed: string;
	readonly differs: boolean;

	constructor(loose: string, printed: string) {
		if (loose.length !== printed.length) throw new RangeError('loose and printed text differ in length');
		// Whitespace dropped from both, so values joined with spaces are still found.
		let l = '';
		let p = '';
		for (let i = 0; i < loose.length; i++) {
			if (/\s/.test(loose[i])) continue;
			l += loose[i];
			p += printed[i];
		}
		this.loose = l;
		this.printed = p;
		this.differs = l !== p;
	}

	restore(value: string): string {
		if (!this.differs || value === '') return value;
		const compact = value.replace(/\s+/g, '');
		if (compact === '') return value;
		const at = this.loose.indexOf(compact);
		if (at < 0) return value;
		const printed = this.printed.slice(at, at + compact.length);
		if (printed === compact) return value;
		let k = 0;
		let out = '';
		for (const unit of value.split('')) {
			if (/\s/.test(unit)) out += unit;
			else out += printed[k++];
		}
		return out;
	}
}
