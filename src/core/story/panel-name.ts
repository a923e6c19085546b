/**
 * The words of a storyboard panel's name in the strip (pure): its text without quote marks (a cut
 * used to leave an unbalanced “…), spaces collapsed, cut at a word boundary to at most `max`
 * characters with "…", without a trailing full stop.
 */
export function panelNameText(text: string, max = 40): string {
  const plain = text
    .replace(/[“”"「」『』‘’]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const strip = (s: string) => s.replace(/[\s.。!?！？…,，、]+$/u, '');
  if (plain.length <= max) return strip(plain);
  const cut = plain.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${strip(space > max / 2 ? cut.slice(0, space) : cut)}…`;
}
