import { z } from 'zod';

/** The coarse domains every fine category rolls up to; they are also the default expert ids. */
export const DOMAINS = ['code', 'math', 'general'] as const;
export type Domain = (typeof DOMAINS)[number];
export const DomainSchema = z.enum(DOMAINS);

export const CategoryInfoSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'category ids are lower_snake_case'),
  displayName: z.string().min(1),
  description: z.string().min(1),
  domain: DomainSchema,
});
export type CategoryInfo = z.infer<typeof CategoryInfoSchema>;

export function isDomain(value: string): value is Domain {
  return (DOMAINS as readonly string[]).includes(value);
}

/** Lookup helpers over the category list of a router model bundle. */
export class CategorySet {
  private readonly byId: ReadonlyMap<string, CategoryInfo>;
  constructor(readonly list: readonly CategoryInfo[]) {
    this.byId = new Map(list.map((c) => [c.id, c]));
  }
  get ids(): string[] {
    return this.list.map((c) => c.id);
  }
  get(id: string): CategoryInfo | undefined {
    return this.byId.get(id);
  }
  has(id: string): boolean {
    return this.byId.has(id);
  }
  domainOf(id: string): Domain | undefined {
    return this.byId.get(id)?.domain;
  }
}
