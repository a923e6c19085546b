/**
 * Checks a treatment before it reaches the model (the worker checks again, and also refuses
 * prompts mostly outside the tokenizer's alphabet: 'unknown-script').
 */
export const MAX_TREATMENT_CHARS = 2000;

export type TreatmentProblem = 'empty' | 'too-long' | 'unknown-script';

export function treatmentProblem(text: string): TreatmentProblem | null {
  const t = text.trim();
  if (!t) return 'empty';
  if (t.length > MAX_TREATMENT_CHARS) return 'too-long';
  return null;
}
