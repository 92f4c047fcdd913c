import { createElement, lazy, useState, type ComponentType } from 'react';

/** A page whose code is loaded on demand; `preload()` fetches it ahead of the first render. */
export type LazyPage<P extends object> = ComponentType<P> & { preload(): Promise<void> };

/**
 * A page loaded on demand (React.lazy) that, once its module is here, renders at once instead of
 * suspending: the landing page preloaded before the first render then mounts in that render,
 * without the Suspense fallback and a second pass over the layout. Which of the two a mount
 * uses is fixed when it mounts, so the page is never remounted (and its state lost) when the
 * module arrives.
 */
export function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): LazyPage<P> {
  let loaded: ComponentType<P> | null = null;
  const loadAndKeep = () =>
    load().then((m) => {
      loaded = m.default;
      return m;
    });
  const Lazy = lazy(loadAndKeep);
  function Page(props: P) {
    const [Component] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return createElement(Component, props);
  }
  return Object.assign(Page, { preload: () => loadAndKeep().then(() => undefined) });
}
