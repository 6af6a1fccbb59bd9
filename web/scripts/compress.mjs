// compress.mjs DIR - writes a .gz sibling (gzip -9) next to every text file of
// DIR that gzip makes smaller; the server sends it to clients that accept gzip.
import { readdirSync, readFileSync, writeFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const TEXT = /\.(html|js|mjs|css|json|svg|txt|webmanifest|map)$/;
const dir = process.argv[2] || 'dist';
let files = 0, raw = 0, packed = 0;

function walk(d) {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) { walk(p); continue; }
    if (name.endsWith('.gz')) { unlinkSync(p); continue; }
    if (!TEXT.test(name)) continue;
    const data = readFileSync(p);
    const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
    if (gz.length >= data.length) continue;
    writeFileSync(p + '.gz', gz);
    files++; raw += data.length; packed += gz.length;
  }
}
walk(dir);
console.log(`compress: ${files} files, ${(raw / 1024).toFixed(1)} KiB -> ${(packed / 1024).toFixed(1)} KiB gzip`);
