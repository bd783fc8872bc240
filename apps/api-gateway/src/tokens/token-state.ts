/** The gateway's token state is the shared one of @tr4ction/tokens; the name stays for the gateway's wiring. */
export { TokenState as GatewayTokenState, type PublicKeyEntry, type RevocationSnapshot, type RevokedReason } from '@tr4ction/tokens';
