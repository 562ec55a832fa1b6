import type { z } from 'zod';
import { coreMethods } from './methods/core';
import { storeMethods } from './methods/store';
import { plateMethods } from './methods/plates';
import { uiMethods } from './methods/ui';
import { modelMethods } from './methods/models';
import type { MethodSpec } from './method-spec';

export { apiEvents, type ApiEventTopic, type ApiEventPayload } from './events';
export type { MethodSpec, Permission } from './method-spec';

/**
 * The one typed API between the renderer and the host. Every area contributes a methods file;
 * both ends validate params and results against these schemas at runtime.
 */
export const apiMethods = {
  ...coreMethods,
  ...storeMethods,
  ...plateMethods,
  ...uiMethods,
  ...modelMethods,
} satisfies Record<string, MethodSpec>;

export type ApiMethods = typeof apiMethods;
export type ApiMethod = keyof ApiMethods;
export type ApiParams<M extends ApiMethod> = z.input<ApiMethods[M]['params']>;
export type ApiResult<M extends ApiMethod> = z.infer<ApiMethods[M]['result']>;

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiMethods, name);
}
