/** What the importer tells the maintainer: one finding per fact the draft could not settle alone. */

export type FindingKind =
  | "malformed-sample" // a sample that is not well-formed, with the position of the fault
  | "sample-only" // seen in samples, in no table: added to the draft
  | "table-only" // in a table, never seen in a sample
  | "parent" // the table's parent contradicted by the samples (or the other tables)
  | "type" // the table's type contradicted by sample values
  | "repetition" // the table's repetition contradicted by the samples
  | "presence" // required by the table but missing from a sample
  | "reference" // a "Same as `X` in ..." reference: resolved, or not
  | "unplaced" // a table whose rows could not be placed
  | "left-out" // a row the draft cannot express (a container with no known sub-nodes)
  | "match"; // how decodeCallback will recognise the payload

export interface Finding {
  readonly kind: FindingKind;
  /** The node's full path (or a sample's file) the finding is about. */
  readonly path: string;
  readonly message: string;
  /** `page.md:LINE` where the evidence is. */
  readonly origin: string | undefined;
}
