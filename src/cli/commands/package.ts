import { UsageError } from '../io.js';

export const usage = 'pathway package: not available yet (see issue 7).';

export async function run(): Promise<number> {
  throw new UsageError('pathway package is not available yet.');
}
