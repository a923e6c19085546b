import type { RouteDef } from '../../app/routes';
import './messages';

const route: RouteDef = {
  id: 'values',
  labelKey: 'values.nav',
  tag: 'toon-values-view',
  order: 80,
  load: () => import('./values-view.component'),
};
export default route;
