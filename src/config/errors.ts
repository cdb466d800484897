/**
 * The configuration cannot be used: a malformed URL, a missing or broken config file, a bad option.
 * The message names the culprit (file, option, URL with its password hidden) and what to do.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The database cannot be reached with the configured connection. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
