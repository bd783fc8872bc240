/** OpenAPI shape of the session lists (GET /auth/sessions, GET /admin/users/:id/sessions). */
export const sessionListSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'created_at', 'last_used_at', 'ip', 'user_agent', 'current'],
        properties: {
          id: { type: 'string', format: 'uuid', description: 'The session id: the `sid` claim of its access tokens' },
          created_at: { type: 'string', format: 'date-time', description: 'The sign-in that started it' },
          last_used_at: { type: 'string', format: 'date-time', description: 'The sign-in or the latest refresh' },
          ip: { type: ['string', 'null'], description: 'Client address of the latest sign-in or refresh' },
          user_agent: { type: ['string', 'null'], description: 'User agent of the latest sign-in or refresh' },
          current: { type: 'boolean', description: 'The session of the access token that asked' },
        },
      },
    },
  },
} as const;
