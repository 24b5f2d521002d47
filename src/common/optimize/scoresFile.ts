import { z } from 'zod';
import { OptimizeInputError, type OptimizeInput } from './problem';

/**
 * `coe optimize` input files.
 * Scores: `{ "experts": {id: {"activeParams": n, "totalParams"?: n}}, "scores": {category: {expertId: score}},
 *           "routerParams"?: n }` — any score scale (win rates, 1–10 grades), higher is better.
 * Frequencies: `{category: weight}`, any non-negative weights; normalised by the optimiser.
 */
const params = z.number().positive().finite();

export const ScoresFileSchema = z.object({
  experts: z.record(z.string(), z.object({ activeParams: params, totalParams: params.optional() })),
  scores: z.record(z.string(), z.record(z.string(), z.number().finite())),
  routerParams: z.number().nonnegative().finite().optional(),
});
export type ScoresFile = z.infer<typeof ScoresFileSchema>;

export const FrequencyFileSchema = z.record(z.string(), z.number().nonnegative().finite());

export const MappingFileSchema = z.record(z.string(), z.string().min(1));

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
    .join('; ');
}

function parseWith<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw new OptimizeInputError(`${what}: ${describe(result.error)}`);
  return result.data;
}

/** Validates parsed JSON of a scores file (and optionally a frequency file) into optimiser input. */
export function optimizeInputFromFiles(scoresJson: unknown, frequencyJson?: unknown): OptimizeInput {
  const scores = parseWith(ScoresFileSchema, scoresJson, 'scores file');
  const frequencies = frequencyJson === undefined ? undefined : parseWith(FrequencyFileSchema, frequencyJson, 'frequency file');
  return { experts: scores.experts, scores: scores.scores, routerParams: scores.routerParams, frequencies };
}

export function mappingFromFile(json: unknown): Record<string, string> {
  return parseWith(MappingFileSchema, json, 'mapping file');
}
