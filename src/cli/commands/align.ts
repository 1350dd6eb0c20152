export const usage = 'pathway align (in progress)';
export async function run(): Promise<number> {
  return 2;
}
