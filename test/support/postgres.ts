// A throwaway PostgreSQL cluster for tests: Debian's binaries (initdb, pg_ctl), a temporary data
// directory, a free loopback port, trust authentication on loopback only; stopped and removed after.
// As root (CI), the cluster runs as the `postgres` user, since PostgreSQL refuses to run as root.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartedPostgres {
  port: number;
  connectionString: string;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function runAs(user: string | undefined, command: string, args: string[]): void {
  if (user) execFileSync('runuser', ['-u', user, '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

export function postgresAvailable(): boolean {
  try {
    execFileSync('pg_ctl', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export async function startPostgres(): Promise<StartedPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'pathway-pg-'));
  const user = process.getuid?.() === 0 ? 'postgres' : undefined;
  if (user) {
    const id = (flag: string) => Number(execFileSync('id', [flag, user]).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  runAs(user, 'initdb', ['-D', data, '-U', 'pathway', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  const port = await freePort();
  runAs(user, 'pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off`, 'start']);
  return {
    port,
    connectionString: `postgresql://pathway@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        runAs(user, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
