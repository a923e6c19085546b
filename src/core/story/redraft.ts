/**
 * Which panels a storyboard re-draft keeps (pure). The user's edits of a panel (characters moved,
 * another background, bubble text, speaker, shot) are kept when the panel's text and place are
 * those of a panel in the new plan; every other panel is drafted afresh (a new library search).
 */

/** What the rule reads of a stored board panel. */
export interface RedraftPanel {
  plan: { text: string; place: string };
  edited?: boolean;
  panelId?: string;
}

/**
 * For each new plan, the previous panel to keep in its place, or undefined: an edited panel whose
 * text (trimmed) and place equal the plan's, each previous panel at most once, in story order.
 * The kept panel comes without its strip panel id (it is landed again).
 */
export function keptPanels<P extends RedraftPanel>(
  previous: readonly P[],
  plans: readonly { text: string; place: string }[],
): (Omit<P, 'panelId'> | undefined)[] {
  const pool = previous.filter((p) => p.edited);
  return plans.map((plan) => {
    const k = pool.findIndex((p) => p.plan.text.trim() === plan.text.trim() && p.plan.place === plan.place);
    if (k < 0) return undefined;
    const [p] = pool.splice(k, 1);
    const { panelId: _old, ...rest } = p!;
    return rest;
  });
}
