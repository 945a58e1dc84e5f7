/** A Go duration as Docker parses it: `10s`, `1m30s`, `1.5h`, `500ms`. */
export const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** A memory size as Docker parses it (go-units RAMInBytes): `512m`, `1g`, `1.5GiB`, `1048576`. */
export const MEMORY = /^\d+(\.\d+)? ?[kKmMgGtTpP]?[iI]?[bB]?$/;

/** A positive decimal number of CPUs: `0.5`, `2`. */
export const CPUS = /^(\d+(\.\d*)?|\.\d+)$/;

/** Compose project names (compose-go's rule). */
export const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Service names: a letter or digit, then letters, digits, `_`, `.`, `-`. Docker requires a second character for
 * container names, but a Compose container is `<project>-<service>-1`, so one character is enough here.
 */
export const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Keys of networks, volumes, configs and secrets (the Compose schema's pattern). */
export const RESOURCE_KEY = /^[a-zA-Z0-9._-]+$/;

/** An IPv4 or IPv6 CIDR such as `192.168.100.0/24`. */
export const CIDR = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)\/\d{1,3}$/;

/** An IPv4 or IPv6 address such as `127.0.0.1`. */
export const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)$/;

/** True for a port number Docker accepts: an integer 1-65535. */
export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** True for an integer at least `min`. */
export function isIntAtLeast(value: number, min: number): boolean {
  return Number.isInteger(value) && value >= min;
}

/** How a value is shown after "got" in a message: strings quoted, everything else as JSON. */
export function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
