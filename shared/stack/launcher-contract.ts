// The few control variables the launcher sets in every child's environment: the launcher writes them,
// a service that wants to cooperate reads them. One source for both sides.

// Set by the launcher: the environment already holds every resolved value, so files are not read again.
export const LAUNCHED_BY_STACKDECK = 'STACKDECK_LAUNCHED';

// Set by the launcher: exit when stdin closes, which happens when the launcher dies, however it dies.
export const EXIT_WITH_STDIN = 'STACKDECK_EXIT_WITH_STDIN';
