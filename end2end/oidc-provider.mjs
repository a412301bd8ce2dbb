// A real OpenID Connect provider for the browser tests (npm `oidc-provider`), on loopback over plain HTTP.
// Its development login page accepts any login and password; the login is the account, and a login that is
// an email address is that account's verified email (e.g. "ana@example.edu" signs in as the demo's Ana).
// Shoulder is registered as a confidential client that must use PKCE.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 2527);
const shoulder = process.env.SHOULDER_URL ?? "http://127.0.0.1:3100";
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "shoulder",
      client_secret: "shoulder-test-secret",
      redirect_uris: [`${shoulder}/auth/sso/callback`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    const email = id.includes("@") ? id.toLowerCase() : `${id.toLowerCase()}@sso.example.edu`;
    const local = email.split("@")[0];
    const name = local.charAt(0).toUpperCase() + local.slice(1) + " (SSO)";
    return {
      accountId: id,
      async claims() {
        return { sub: `sub-${email}`, email, email_verified: true, name };
      },
    };
  },
});
provider.listen(port, "127.0.0.1", () => console.log(`OpenID Connect provider on ${issuer}`));
