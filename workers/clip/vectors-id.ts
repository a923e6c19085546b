/**
 * The id stored vectors are filed under: the model's id, plus the shipped model's revision
 * (config.json `toonsmith.revision`) when it has one — so references embedded by an earlier shipped
 * vision tower count as stale and are re-embedded after an update. Imported models: their id.
 */
export function vectorsIdOf(source: { kind: 'shipped' | 'imported'; id: string }, revision?: unknown): string {
  return source.kind === 'shipped' && typeof revision === 'string' && revision ? `${source.id}@${revision}` : source.id;
}
