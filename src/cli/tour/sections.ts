/** The tour's sections, in order. Each capability adds its own file and one line here. */
import type { TourSection } from "./section.ts";
import { runtimeSection } from "./runtime.ts";

/** Every tour section in the order they run. */
export const sections: TourSection[] = [
  runtimeSection,
];
