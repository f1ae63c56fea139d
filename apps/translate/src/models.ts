/** The models that ship with the app. */
import { fileURLToPath } from 'node:url';

/** Shipped models: `eng-fra` (English to French, Tatoeba) and `dates` (date formats to ISO). */
export type ShippedModel = 'eng-fra' | 'dates';

/** Directory of a shipped model. */
export function defaultModelDir(name: ShippedModel): string {
  return fileURLToPath(new URL(`../models/${name}`, import.meta.url));
}
