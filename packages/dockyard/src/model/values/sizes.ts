import { textRule } from './rule';

/**
 * A memory size as Docker parses it (go-units `RAMInBytes`): `512m`, `1g`, `1.5GiB`, `1048576`. go-units also
 * takes a space before the unit (`1 GB`); Dockyard does not, so a size is one word in every file and shell.
 */
export const memorySize = textRule(
  /^\d+(\.\d+)?[kKmMgGtTpP]?[iI]?[bB]?$/,
  'a memory size such as "512m" or "1g"',
);

/** An nginx size: `10m`, `512k`, `1g`, `4096` (bytes). */
export const nginxSize = textRule(/^\d+[kKmMgG]?$/, 'a size such as "10m" or "512k"');
