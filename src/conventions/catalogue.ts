// The registry's Keras names bound to their factories, for code that builds initializers from
// names (model specs, tfjs configs). The compiler checks that conventions/keras.ts exports a
// factory for every name in the registry.

import type { Initializer } from '../core/initializer.js';
import * as keras from './keras.js';
import { KERAS } from './registry.js';

export type KerasName = keyof typeof KERAS;

const FACTORIES: Readonly<Record<KerasName, (options?: never) => Initializer>> = keras;

/** Whether `name` is a Keras registry name (canonical camelCase: `glorotUniform`). */
export function isKerasName(name: string): name is KerasName {
  return Object.hasOwn(KERAS, name);
}

/** The factory of a Keras registry name, taking options as data (they are validated by the factory). */
export function kerasFactory(name: KerasName): (options?: Record<string, unknown>) => Initializer {
  return FACTORIES[name] as (options?: Record<string, unknown>) => Initializer;
}
