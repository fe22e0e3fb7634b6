// Bundles the page: src/main.ts (with the official SignalR client, its MessagePack protocol and perfect-freehand) and
// src/app.css into the output folder given as the first argument, next to public/index.html.
import { build } from 'esbuild';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] ?? path.join(here, '..', 'bin', 'client'));
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: { app: path.join(here, 'src', 'main.ts') },
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  outdir,
  logLevel: 'warning',
});
await cp(path.join(here, 'public'), outdir, { recursive: true });
console.log(`whiteboard page built into ${outdir}`);
