import { UsageError } from '../io.js';

export const usage = 'pathway plan: not available yet (see issue 4).';

export async function run(): Promise<number> {
  throw new UsageError('pathway plan is not available yet.');
}
