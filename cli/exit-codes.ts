/** The CLI's exit codes, per the contract. */
export const EXIT = {
  /** Success; for status and check, also "in sync". */
  ok: 0,
  /** The command ran and found a problem: a failed migration, drift, pending work for migrate:check. */
  problem: 1,
  /** Bad usage or configuration: a wrong flag, URL or config file, an unreachable database, data to destroy without --force. */
  usage: 2,
  /** Interrupted by Ctrl-C (SIGINT), as shells report a process that SIGINT ended: 128 + 2. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
