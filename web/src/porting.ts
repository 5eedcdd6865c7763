// Portability in (API.md "Portability in", FL-6..FL-9).

import { get } from "./api";
import type { PortIn } from "./model";

export const kPortIns = "/api/v1/porting/portIn";

/** A line's ports, newest first. */
export function portsOf(productId: string, signal?: AbortSignal): Promise<PortIn[]> {
  return get<PortIn[]>(kPortIns, { productId, limit: 5 }, signal);
}
