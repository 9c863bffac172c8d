/** One section of `sockfam tour`. */
export interface TourSection {
  /** Short name to pick the section: `sockfam tour <name>`. */
  name: string;
  /** Heading printed above the section. */
  title: string;
  /** Runs the section, printing its lines and figures. Skips (with a reason) what this machine cannot do. */
  run(): Promise<void>;
}
