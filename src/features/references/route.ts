import type { RouteDef } from '../../app/routes';
import './messages';

const route: RouteDef = {
  id: 'references',
  labelKey: 'refs.nav',
  tag: 'toon-references-view',
  order: 30,
  load: () => import('./references-view.component'),
};
export default route;
