/** The variables an API needs to verify users with each hosted auth provider. */
import type { AuthProvider, EnvVar } from './answers.js';

export const AUTH_ENV: Record<Exclude<AuthProvider, 'none'>, EnvVar[]> = {
  clerk: [
    { name: 'CLERK_SECRET_KEY', secret: true, description: 'Clerk secret key (Dashboard > API keys)' },
    { name: 'CLERK_PUBLISHABLE_KEY', secret: false, description: 'Clerk publishable key, also used by clients' },
  ],
  auth0: [
    { name: 'AUTH0_DOMAIN', secret: false, description: 'Auth0 tenant domain, such as your-tenant.us.auth0.com' },
    { name: 'AUTH0_AUDIENCE', secret: false, description: 'Auth0 API identifier the tokens are issued for' },
  ],
  supabase: [
    { name: 'SUPABASE_URL', secret: false, description: 'Supabase project URL' },
    { name: 'SUPABASE_JWT_SECRET', secret: true, description: 'Supabase JWT secret, to verify user tokens' },
  ],
};
