import type { PdfLimits } from '../common/limits';
import { limitExceeded } from './errors';

/** Counts work done on one file so that a hostile file fails fast instead of running for minutes. */
export class WorkBudget {
	used = 0;
	decoded = 0;

	constructor(readonly limits: PdfLimits) {}

	spend(units: number): void {
		this.used += units;
		if (this.used > this.limits.maxWork) {
			throw limitExceeded(
				`Reading the PDF took more than the work budget (${this.limits.maxWork} units): the file is too complex or built to exhaust the reader`,
			);
		}
	}

	addDecoded(bytes: number): void {
		this.decoded += bytes;
		if (this.decoded > this.limits.maxTotalBytes) {
			throw limitExceeded(
				`The PDF's streams decode to more than ${this.limits.maxTotalBytes} bytes in total`,
			);
		}
	}
}
