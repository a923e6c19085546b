import type { RouteDef } from '../../app/routes';
import './messages';

const route: RouteDef = {
  id: 'status',
  labelKey: 'status.nav',
  tag: 'toon-status-view',
  order: 90,
  load: () => import('./status-view.component'),
};
export default route;
