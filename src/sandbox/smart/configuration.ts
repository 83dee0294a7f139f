/** `/.well-known/smart-configuration` (SMART App Launch 2): what this authorization server does. */
import { fhirBase, type SandboxContext } from '../context.js';

export function smartConfiguration(ctx: SandboxContext): Record<string, unknown> {
  const origin = ctx.origin();
  const configuration = {
    issuer: fhirBase(ctx),
    jwks_uri: `${origin}/auth/jwks`,
    authorization_endpoint: `${origin}/auth/authorize`,
    token_endpoint: `${origin}/auth/token`,
    token_endpoint_auth_methods_supported: ['none'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    scopes_supported: [
      'openid',
      'fhirUser',
      'launch',
      'launch/patient',
      'online_access',
      'offline_access',
      'patient/*.read',
      'patient/*.rs',
      'patient/*.cruds',
    ],
    ...(ctx.faults.current.omitS256 ? {} : { code_challenge_methods_supported: ['S256'] }),
    capabilities: [
      'launch-ehr',
      'launch-standalone',
      'client-public',
      'context-ehr-patient',
      'context-standalone-patient',
      'context-banner',
      'context-style',
      'sso-openid-connect',
      'permission-patient',
      'permission-offline',
      'permission-online',
      'permission-v1',
      'permission-v2',
    ],
  };
  return ctx.backend ? withBackendServices(configuration) : configuration;
}

/** SMART Backend Services (asymmetric client authentication) for Bulk Data export. */
function withBackendServices(configuration: Record<string, unknown> & { capabilities: string[] }) {
  return {
    ...configuration,
    token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    capabilities: [...configuration.capabilities, 'client-confidential-asymmetric', 'permission-v1'].filter(
      (capability, index, all) => all.indexOf(capability) === index,
    ),
  };
}

/** The style the app receives as `smart_style_url` (SMART styling, values of a clinical-looking EHR). */
export const SMART_STYLE = {
  color_background: '#f6f7f9',
  color_error: '#b00020',
  color_highlight: '#004b87',
  color_modal_backdrop: 'rgba(0,0,0,0.4)',
  color_success: '#1b7a3a',
  color_text: '#1c1f24',
  dim_border_radius: '4px',
  dim_font_size: '14px',
  dim_spacing_size: '16px',
  font_family_body: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  font_family_heading: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
};
