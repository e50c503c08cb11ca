// Copies the command line / language server jar (../dist/target/huc.jar, built by Maven) into
// server/huc.jar, where the packaged extension finds it. Build output: .gitignored.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = process.env.HUC_JAR ?? join(root, '..', 'dist', 'target', 'huc.jar');
const to = join(root, 'server', 'huc.jar');
if (!existsSync(from)) {
  console.error(`copy-jar: ${from} is missing: build it first (./build/mvn -B verify, or ./huc --help)`);
  process.exit(1);
}
mkdirSync(dirname(to), { recursive: true });
copyFileSync(from, to);
console.log(`copy-jar: ${from} -> server/huc.jar (${(statSync(to).size / 1048576).toFixed(1)} MiB)`);
