/**
 * The strip view's project bar (switch, rename, create): a template drawn in the view's own shadow
 * root with its styles, and the rename rule (names are unique: a taken name is refused).
 */
import { html } from 'lit';
import { t } from '../../app/i18n';
import { notify } from '../../app/notifier';
import { ProjectNameTakenError, renameProject } from '../../store/projects';
import type { Project } from '../../store/schema';
import './messages';

export interface ProjectBarHandlers {
  open(project: Project): void;
  /** The name field changed (its input, whose value is the new name). */
  rename(input: HTMLInputElement): void;
  create(): void;
}

export function renderProjectBar(projects: readonly Project[], current: Project | undefined, on: ProjectBarHandlers) {
  return html`<div class="project">
    <label>${t('strip.project')}
      <select data-testid="project-select" @change=${(e: Event) => {
        const p = projects.find((x) => x.id === (e.target as HTMLSelectElement).value);
        if (p) on.open(p);
      }}>
        ${projects.map((x) => html`<option value=${x.id} ?selected=${x.id === current?.id}>${x.name}</option>`)}
      </select>
    </label>
    <label>${t('strip.projectName')}
      <input data-testid="project-name" .value=${current?.name ?? ''} @change=${(e: Event) => on.rename(e.target as HTMLInputElement)} />
    </label>
    <button data-testid="project-new" @click=${() => on.create()}>${t('strip.newProject')}</button>
  </div>`;
}

/**
 * Renames `project` to `input`'s value. Names are unique (src/store/projects.ts): a taken name is
 * refused with a message and the field shows the old name again. Returns the project as stored.
 */
export async function renameOrRefuse(project: Project, input: HTMLInputElement): Promise<Project> {
  try {
    return await renameProject(project.id, input.value);
  } catch (err) {
    if (!(err instanceof ProjectNameTakenError)) throw err;
    input.value = project.name;
    notify({ kind: 'error', message: t('strip.error.name-taken', { name: err.wanted }) });
    return project;
  }
}
