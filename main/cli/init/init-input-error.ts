// A file init reads cannot be understood (bad YAML, a compose field of the wrong shape): the CLI prints it, exit 2.
export class InitInputError extends Error {}
