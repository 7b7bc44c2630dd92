/**
 * Numbered migrations; each runs once, in order, inside one transaction, and
 * is recorded in `migrations`. Never edit a shipped migration: add the next one.
 *
 * Index notes (claim cost must not grow with finished or scheduled rows):
 * partial indexes cover exactly the rows each hot query reads, so a million
 * finished or scheduled jobs add nothing to a claim's index walk.
 */
export declare const migrations: {
    name: string;
    sql: string;
}[];
