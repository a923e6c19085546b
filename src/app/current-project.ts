/**
 * The project every view works in: the current one, or on first use a new one under the app's
 * default name — the same name whichever view the user opens first.
 */
import { ensureCurrentProject } from '../store/projects';
import type { Project } from '../store/schema';
import { t } from './i18n';
import './messages';

export function openCurrentProject(): Promise<Project> {
  return ensureCurrentProject(t('app.defaultProject'));
}
