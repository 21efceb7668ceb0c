// A real RE2 (re2js, RE2 ported to pure JavaScript) as a second opinion on what parse.ts
// accepts: a pattern RE2 refuses is not in the syntax common to RE2 and JavaScript,
// whatever our parser thought. Required on first use, not imported: `signatures lint`
// and the load of a user's own signature files pay for it (about 260 KB of code); a
// scan of the built-in library and the workbench's first frame do not.
import { createRequire } from 'node:module';

type Re2js = typeof import('re2js');

let engine: Re2js | undefined;

/**
 * From the sources, the package; in the bundle, dist/re2.cjs, which scripts/build.mjs
 * writes apart from the chunks (a dynamic import would make every caller async, and
 * loading a library is not).
 */
function re2(): Re2js {
  engine ??= createRequire(import.meta.url)(import.meta.url.endsWith('.ts') ? 're2js' : './re2.cjs') as Re2js;
  return engine;
}

/** RE2's reason for refusing a pattern, or undefined when it compiles it. */
export function re2Refusal(source: string): string | undefined {
  const { RE2JS, RE2JSException } = re2();
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    return `RE2 refuses it: ${error.message.replace(/^error parsing regexp: /, '')}`;
  }
}
