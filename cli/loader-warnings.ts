import type { Output } from './output';
import { loader } from './strata';

/**
 * Prints the TypeScript loader's warnings (see onLoaderWarning) for one command. Only the first: every one so
 * far is a `.js` left beside its source by tsc, and the message says what to do for all of them.
 * @returns a function that stops listening.
 */
export function printLoaderWarnings(output: Output): () => void {
  let printed = false;
  return loader().onLoaderWarning((warning) => {
    if (printed) return;
    printed = true;
    output.warn(warning.message);
  });
}
