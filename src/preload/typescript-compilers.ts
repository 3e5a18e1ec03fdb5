// TypeScript compilers that hook require (ts-node, @swc-node/register, esbuild-register,
// @babel/register) register a handler for `.ts` files that compiles the source Node reads.
// Bare Node runs a `.ts` entry point, and each `.ts` file it requires, through that handler.
// Under any `--import` preload, Node loads the entry point through its ES module loader
// instead, which strips the types itself (Node 24: the compiler then type-checks code without
// its types and fails) or takes `import` statements for an ES module (Node 22: a syntax
// error); and once module hooks are registered, `require` of a `.ts` file gets the same
// TypeScript format. Either way a ts-node app did not start under the preload.
//
// Where a compiler has registered the file's extension, the file is handed back as CommonJS:
// to the ES module loader without source, which sends it through the CommonJS loader and the
// compiler's handler as bare Node would; to `require` with its source as it is on disk. Without
// such a compiler, Node's own type stripping goes on as it would.
import Module, { registerHooks } from 'node:module';
import { extname } from 'node:path';

const TYPESCRIPT_FORMATS = new Set(['commonjs-typescript', 'typescript']);
const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;

export function keepTypeScriptForRequireCompilers(): void {
  registerHooks({
    load(url, context, nextLoad) {
      const result = nextLoad(url, context);
      if (typeof result.format !== 'string' || !TYPESCRIPT_FORMATS.has(result.format) || !compilerRegisteredFor(url)) return result;
      if (context.conditions?.includes('require')) return { ...result, format: 'commonjs' };
      return { format: 'commonjs', source: null as unknown as string, shortCircuit: true };
    },
  });
}

function compilerRegisteredFor(url: string): boolean {
  // Node registers no handler of its own for TypeScript extensions: one there is a compiler's.
  return typeof extensions[extname(new URL(url).pathname)] === 'function';
}
