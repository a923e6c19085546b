// Loads a TypeScript module (and what it imports) into Node by bundling it in memory with
// rolldown (the bundler vite 8 ships), so the build scripts use the one TS implementation of the
// caption templates and the scene-spec generator.
import { rolldown } from 'rolldown';
import path from 'node:path';

export async function importTs(entry) {
  const bundle = await rolldown({ input: path.resolve(entry), platform: 'node', logLevel: 'silent' });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  const code = output[0].code;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}
