/**
 * Whether the gateway serves its API documentation (/docs and /docs-json): always outside
 * production; in production only while DEBUG_MODE is on, so a production gateway does not publish
 * its route map unless an operator asked for diagnostics.
 */
export function servesApiDocs(config: { ENVIRONMENT: string; DEBUG_MODE: boolean }): boolean {
  return config.ENVIRONMENT !== 'production' || config.DEBUG_MODE;
}
