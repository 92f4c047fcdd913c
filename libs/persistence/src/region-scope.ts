/**
 * The region subtree as one condition. Region codes are prefixes of their descendants' codes
 * (county 370124 ⊃ township 370124001 ⊃ village 370124001001), so "within" is a prefix match,
 * which the varchar_pattern_ops indexes serve.
 */

/** `column` lies in the subtree of the region bound to `placeholder` (e.g. `$2`). */
export function inRegionSubtree(column: string, placeholder: string): string {
  return `${column} LIKE ${placeholder} || '%'`;
}

/** The region bound to `placeholder` lies in the subtree of `column` (a policy of an ancestor region applies). */
export function regionCovers(column: string, placeholder: string): string {
  return `${placeholder} LIKE ${column} || '%'`;
}

/** Builds a parameterised WHERE clause: every value goes through a $n placeholder. */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Adds a value and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  and(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  /** Rows whose `column` lies in the region subtree of `regionCode` (the prefix bound as one value, as the inbox plans expect). */
  inRegion(column: string, regionCode: string): this {
    return this.and(`${column} LIKE ${this.param(`${regionCode}%`)}`);
  }

  get sql(): string {
    return this.clauses.length ? this.clauses.join(' AND ') : 'true';
  }
}
