/**
 * Running a list of tasks through one Scheduler and collecting every outcome: what the tests need to look
 * at a whole batch (the nodes run each file's task themselves, through runFileJobs).
 */
import { Scheduler, type Outcome, type SchedulerOptions } from '../../nodes/core/run/schedule';

/** Every task through the given scheduler, outcomes in task order. */
export async function runAll<T>(scheduler: Scheduler, tasks: Array<(attempt: number) => Promise<T>>): Promise<Array<Outcome<T>>> {
	return await Promise.all(tasks.map(async (task) => await scheduler.run(task)));
}

/** One new scheduler for a list of tasks. */
export async function runScheduled<T>(tasks: Array<(attempt: number) => Promise<T>>, options: SchedulerOptions): Promise<Array<Outcome<T>>> {
	return await runAll(new Scheduler(options), tasks);
}
