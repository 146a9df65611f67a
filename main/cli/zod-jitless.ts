import { config } from 'zod';

// A CLI process parses each of its ~100 object schemas once or twice: zod's JIT (a `new Function` compiled per object schema
// at its first parse) costs more than it saves there. zod reads the setting when a schema is built, so run.ts loads this
// before any command module; nothing the CLI parses is hot enough to miss the JIT.
config({ jitless: true });
