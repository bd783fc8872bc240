/** The runtime settings as `GET /admin/settings` answers them (docs/runtime-settings.md): the document's schema. */
import type { ApiSchema } from '@tr4ction/http-api';

export type SettingsView = ApiSchema<'SettingsView'>;
