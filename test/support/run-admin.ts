export {};
// Runs scripts/admin.ts with the arguments in CLI_ARGS (a JSON array), as `npm run admin -- …` would.
process.argv.splice(2, process.argv.length, ...(JSON.parse(process.env.CLI_ARGS ?? '[]') as string[]));
await import('../../scripts/admin');
