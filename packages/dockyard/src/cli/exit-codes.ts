/** Exit codes of every Dockyard command: success, a user's mistake or drift, bad usage, a bug in Dockyard. */
export const EXIT = { ok: 0, userError: 1, usage: 2, bug: 70 } as const;
