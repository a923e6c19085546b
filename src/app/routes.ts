/**
 * Views of the app. Each feature adds ONE file, `src/features/<name>/route.ts`:
 *
 *   import type { RouteDef } from '../../app/routes';
 *   const route: RouteDef = {
 *     id: 'strip', labelKey: 'strip.nav', tag: 'toon-strip-view', order: 10,
 *     load: () => import('./strip-view.component'),
 *   };
 *   export default route;
 *
 * and registers its messages (labelKey) from its own messages.ts, imported by route.ts so the nav
 * label is available before the view's code loads. Routes are collected at build time with
 * import.meta.glob, so no shared file has to be edited; `registerRoute()` exists for routes made
 * at runtime. The URL is `#/<id>`; the default view is the route with the lowest `order`.
 * `load()` must define the custom element `tag`.
 */
export interface RouteDef {
  id: string;
  /** i18n key of the nav label. */
  labelKey: string;
  /** Custom element rendered as the view. */
  tag: string;
  /** Nav position; lower first (strip 10, colorize 20, references 30, story 40, status 90). */
  order?: number;
  load: () => Promise<unknown>;
}

/**
 * Event fired (not bubbling) on a view element each time it becomes the active view again. Views
 * are kept alive across navigation, so one coming back reloads what other views may have changed
 * (Strip reloads its panel list after Generate added panels).
 */
export const VIEW_SHOWN = 'toon-view-shown';

const found = import.meta.glob<RouteDef>('../features/*/route.ts', { eager: true, import: 'default' });

export const routes: RouteDef[] = [];

export function registerRoute(route: RouteDef): void {
  if (routes.some((r) => r.id === route.id)) throw new Error(`Duplicate route id: ${route.id}`);
  routes.push(route);
  routes.sort((a, b) => (a.order ?? 50) - (b.order ?? 50) || a.id.localeCompare(b.id));
}

for (const route of Object.values(found)) registerRoute(route);

export function findRoute(id: string): RouteDef | undefined {
  return routes.find((r) => r.id === id);
}

export function defaultRoute(): RouteDef | undefined {
  return routes[0];
}

/** Route id from a location hash like "#/status" (undefined if none or unknown). */
export function routeIdFromHash(hash: string): string | undefined {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return id && findRoute(id) ? id : undefined;
}

export function hrefFor(id: string): string {
  return `#/${id}`;
}
