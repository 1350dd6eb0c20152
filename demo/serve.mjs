// `npm start`: serves the demo (and the sources it imports, compiled on the fly) on localhost and
// prints its address. PORT=8123 npm start picks another port; the next free port is used otherwise.
import { createServer } from 'node:net';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { startDevServer } from '@web/dev-server';
import { tsImport } from 'tsx/esm/api';

function free(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

// The LMS preview (demo/lms-preview/) launches packages built on the fly from the sample models.
const packages = tsImport('../lms-packages/package-server.ts', import.meta.url);
packages.then((m) => m.prewarm());

let port = Number(process.env.PORT ?? 8000);
if (!process.env.PORT) while (!(await free(port))) port++;

await startDevServer({
  config: {
    rootDir: '.',
    hostname: 'localhost',
    port,
    nodeResolve: { exportConditions: ['development'] },
    plugins: [esbuildPlugin({ ts: true, target: 'es2021', tsconfig: './tsconfig.json' })],
    middleware: [
      // The demo is the home page.
      (context, next) => {
        if (context.path === '/' || context.path === '/index.html') return context.redirect('/demo/');
        return next();
      },
      async (context, next) => (context.path.startsWith('/__pathway/packages/') ? (await packages).packageMiddleware()(context, next) : next()),
    ],
  },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
});

console.log(`Pathway demo: http://localhost:${port}/demo/  (Ctrl+C to stop)`);
