import type { RouteDef } from '../../app/routes';
import './messages';

const route: RouteDef = {
  id: 'generate',
  labelKey: 'generate.nav',
  tag: 'toon-generate-view',
  order: 40,
  load: () => import('./generate-view.component'),
};
export default route;
