import * as z from 'zod';

/** True for a port number Docker and nginx accept: an integer 1-65535. */
export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** The words after "expected" for a port. */
export const PORT_EXPECTED = 'an integer port 1-65535';

/** A TCP port (see {@link isPort}). */
export const portSchema = z.number().int().min(1).max(65535);

/** True for an integer at least `min`. */
export function isIntAtLeast(value: number, min: number): boolean {
  return Number.isInteger(value) && value >= min;
}

/** A positive decimal number of CPUs as Docker reads it: `0.5`, `2`. */
export const CPUS = /^(\d+(\.\d*)?|\.\d+)$/;
