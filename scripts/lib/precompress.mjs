// Stores each built JS, WASM and CSS file of a directory also as `.br` (quality 11) and `.gz` (level 9),
// which the server sends to browsers that accept them: a fifth smaller than compressing per request.
//   node scripts/lib/precompress.mjs target/site/pkg
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dir = process.argv[2];
for (const name of readdirSync(dir).filter((n) => /\.(js|wasm|css)$/.test(n))) {
  const data = readFileSync(join(dir, name));
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  writeFileSync(join(dir, `${name}.br`), br);
  writeFileSync(join(dir, `${name}.gz`), gzipSync(data, { level: 9 }));
  console.log(`precompress: ${name} ${data.length} B, br ${br.length} B`);
}
