/** Kept equal to apps/cli/package.json by a unit spec (dist/ does not ship that file next to the code). */
export const CLI_VERSION = '0.1.0';
export const CLI_NAME = 'tr4ction';
