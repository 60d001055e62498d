// Options objects of the public functions: `undefined` means every default; anything else must be
// a plain object whose keys the function knows (a misspelt option is an error, not ignored).
import { RfError } from './errors.js';
import { show } from './messages.js';

export function checkOptions<T extends object>(fn: string, options: unknown, allowed: readonly string[]): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new RfError(
      'invalid-argument',
      `${fn}: options must be an object (${allowed.join(', ')}) or undefined, got ${show(options)}`,
      'options',
    );
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new RfError(
        'invalid-argument',
        `${fn}: unknown option ${show(key)} (allowed: ${allowed.join(', ')})`,
        `options.${key}`,
      );
    }
  }
  return options as T;
}

/** An optional boolean option: its value, or `fallback` when absent. */
export function booleanOption(fn: string, options: object, key: string, fallback: boolean): boolean {
  const v = (options as Record<string, unknown>)[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') {
    throw new RfError(
      'invalid-argument',
      `${fn}: options.${key} must be a boolean, got ${show(v)}`,
      `options.${key}`,
    );
  }
  return v;
}
