import { UsageError } from '../io.js';

export const usage = 'pathway simulate: not available yet (see issue 3).';

export async function run(): Promise<number> {
  throw new UsageError('pathway simulate is not available yet.');
}
