import type { RouteDef } from '../../app/routes';
import './messages';

const route: RouteDef = {
  id: 'colorize',
  labelKey: 'colorize.nav',
  tag: 'toon-colorize-view',
  order: 20,
  load: () => import('./colorize-view.component'),
};
export default route;
