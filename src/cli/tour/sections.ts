/** The tour's sections, in order. Each capability adds its own file and one line here. */
import type { TourSection } from "./section.ts";
import { runtimeSection } from "./runtime.ts";
import { checksumsSection } from "./checksums.ts";
import { framingSection } from "./framing.ts";
import { dissectSection } from "./dissect.ts";
import { packetSection } from "./packet.ts";
import { socketsSection } from "./sockets.ts";

/** Every tour section in the order they run. */
export const sections: TourSection[] = [
  runtimeSection,
  checksumsSection,
  framingSection,
  dissectSection,
  packetSection,
  socketsSection,
];
