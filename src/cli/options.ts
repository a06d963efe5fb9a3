import { InputError } from '../errors.js';
import { KEY_TYPES, type KeyType } from '../scenario/vocabulary.js';

/** Parses one choice from a list, with an error that names the option, the value and the accepted values. */
export function parseChoice<T extends string>(option: string, value: string, accepted: readonly T[]): T {
  if ((accepted as readonly string[]).includes(value)) return value as T;
  throw new InputError(`${option}: invalid value "${value}"; accepted values: ${accepted.join(', ')}`);
}

export function parseKeyType(option: string, value: string): KeyType {
  return parseChoice(option, value, KEY_TYPES);
}

/** Parses a positive number of seconds (`3`, `1.5`, `3s`, `500ms`). */
export function parseSeconds(option: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  if (!match) throw new InputError(`${option}: invalid value "${value}"; expected a duration such as 3, 1.5s or 500ms`);
  const amount = Number(match[1]);
  return match[2] === 'ms' ? amount / 1000 : amount;
}

export function parseInteger(option: string, value: string, minimum: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw new InputError(`${option}: invalid value "${value}"; expected a whole number of at least ${minimum}`);
  return parsed;
}
