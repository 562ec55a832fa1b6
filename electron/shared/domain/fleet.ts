import { z } from 'zod';

/**
 * The camera lease an infraction (or the alarm it raised) was written under: the node that held
 * it, the lease's epoch (fencing counter, +1 each time the camera changes hands) and the time it
 * was raised on the shared server's clock as the node measured it. The shared store refuses a
 * write whose epoch another node held or that falls after that epoch ended.
 */
export const leaseStampSchema = z.object({
  node: z.string().min(1).max(128),
  epoch: z.number().int().nonnegative(),
  /** Server-clock epoch ms at which the node raised it (its last round's server time + elapsed). */
  at: z.number(),
});
export type LeaseStamp = z.infer<typeof leaseStampSchema>;
