// import-in-the-middle ships .d.mts files without an exports map; declare the one entry used.
declare module 'import-in-the-middle/register-hooks.mjs' {
  export function supportsSyncHooks(): boolean;
  export function register(options: { include?: Array<string | RegExp>; exclude?: Array<string | RegExp> }): void;
}
