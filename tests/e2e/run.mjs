// run.mjs - runs tests.mjs against MOTCUA_URL (run.sh starts the server).
import { run } from './lib.mjs';
import { tests } from './tests.mjs';

const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : null;
const failed = await run(only ? tests.filter((t) => only.test(t.name)) : tests);
process.exit(failed ? 1 : 0);
