/**
 * What a node run gave: its one output (the nodes here have one output) or the error it threw. Shared by
 * the node tests, so that "expected an error" and "expected one output" are asserted the same way.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { HarnessResult } from './nodeHarness';

/** An error as n8n's NodeApiError / NodeOperationError carry it: message, description, context. */
export type NodeFailure = Error & { description?: string; context?: IDataObject };

/** Awaits a run that must fail; asserts that it threw an Error and returns it. */
export async function runExpectingError(run: Promise<HarnessResult>): Promise<NodeFailure> {
	const outcome = await run.then(
		() => undefined,
		(error: unknown) => error as NodeFailure,
	);
	expect(outcome).toBeInstanceOf(Error);
	return outcome!;
}

/** The items of the node's single output; asserts that there is exactly one output. */
export function outputOf(result: HarnessResult): INodeExecutionData[] {
	expect(result.output).toHaveLength(1);
	return result.output[0];
}
