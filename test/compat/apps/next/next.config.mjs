// pino stays a package of its own at run time instead of being bundled into the route code,
// as pino's documentation asks of Next.js apps: only then can it be instrumented.
export default { serverExternalPackages: ['pino'] };
