import type { RouteDef } from '../../app/routes';
import './messages';

/** The strip view is the home view (lowest order). */
const route: RouteDef = {
  id: 'strip',
  labelKey: 'strip.nav',
  tag: 'toon-strip-view',
  order: 10,
  load: () => import('./strip-view.component'),
};
export default route;
