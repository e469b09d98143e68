import { hasInjectionContext, inject, onScopeDispose, provide, type InjectionKey, type Plugin } from 'vue'
import type { SocketRegistry, SocketRegistryOptions } from '../core/registry'
import { createSocketRegistry, defaultSocketRegistry } from '../taro'

const REGISTRY: InjectionKey<SocketRegistry> = Symbol()

export interface SocketPluginOptions extends SocketRegistryOptions {
  /** Use this registry instead of making one from the other options; it stays yours to dispose. */
  registry?: SocketRegistry
}

/** Provides the given registry, or one made from the options that is disposed at `end`. */
function provideWith(
  { registry, ...options }: SocketPluginOptions,
  give: (key: typeof REGISTRY, value: SocketRegistry) => unknown,
  end: (callback: () => void) => void,
): SocketRegistry {
  const given = registry || createSocketRegistry(options)
  give(REGISTRY, given)
  if (!registry) end(given.dispose)
  return given
}

/**
 * `app.use(createSocketPlugin(options))`: one registry for the whole app, made when the plugin is
 * installed and disposed when the app unmounts (its sockets close, its app listeners go).
 */
export function createSocketPlugin(options: SocketPluginOptions = {}): Plugin {
  // app.provide and app.onUnmount (Vue 3.5+) close over the app: no `this` needed.
  return {
    install(app) {
      provideWith(options, app.provide, app.onUnmount)
    },
  }
}

/**
 * In a component's setup: a registry for this component and everything under it (instead of the
 * app's), disposed when the component unmounts. Returns it.
 */
export function provideSocketRegistry(options: SocketPluginOptions = {}): SocketRegistry {
  return provideWith(options, provide, onScopeDispose)
}

/**
 * The registry provided above this component (by provideSocketRegistry, the app's plugin, or
 * app.runWithContext), else the one default registry.
 */
export function useSocketRegistry(): SocketRegistry {
  const provided = hasInjectionContext() ? inject(REGISTRY, null) : null
  return provided || defaultSocketRegistry()
}
