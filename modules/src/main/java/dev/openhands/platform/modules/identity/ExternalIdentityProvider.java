package dev.openhands.platform.modules.identity;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The company's identity provider that users sign in through (federation), instead of or beside Cognito passwords.
 *
 * @param kind            SAML 2.0 or OpenID Connect
 * @param name            the provider's name in Cognito (shown on the sign-in page), 1-32 characters
 * @param url             SAML: the IdP's metadata URL; OIDC: the issuer URL (its discovery document lives below it)
 * @param oidcClientId    OIDC only: the client id registered at the IdP
 * @param oidcSecretArn   OIDC only: ARN of the Secrets Manager secret holding the client secret (read at plan time;
 *                        Terraform keeps it in the encrypted state, never in the configuration)
 */
public record ExternalIdentityProvider(Kind kind, String name, String url, Optional<String> oidcClientId,
                                       Optional<String> oidcSecretArn) {

    public enum Kind { SAML, OIDC }

    private static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,32}$");

    public ExternalIdentityProvider {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(oidcClientId, "oidcClientId");
        Objects.requireNonNull(oidcSecretArn, "oidcSecretArn");
        if (name == null || !NAME.matcher(name).matches() || name.equals("COGNITO")) {
            throw new IllegalArgumentException("identity provider name '" + name + "' must be 1-32 characters without spaces and not COGNITO");
        }
        if (url == null || !url.startsWith("https://")) {
            throw new IllegalArgumentException("identity provider " + name + ": the " + (kind == Kind.SAML ? "metadata" : "issuer")
                + " URL must be https://, got '" + url + "'");
        }
        if (kind == Kind.OIDC && (oidcClientId.isEmpty() || oidcSecretArn.isEmpty())) {
            throw new IllegalArgumentException("OIDC identity provider " + name + " needs its client id and the ARN of the secret"
                + " holding its client secret");
        }
        if (kind == Kind.SAML && (oidcClientId.isPresent() || oidcSecretArn.isPresent())) {
            throw new IllegalArgumentException("SAML identity provider " + name + " takes no OIDC client id or secret");
        }
        oidcSecretArn.ifPresent(arn -> {
            if (!arn.matches("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$")) {
                throw new IllegalArgumentException("'" + arn + "' is not a Secrets Manager secret ARN");
            }
        });
    }

    public static ExternalIdentityProvider saml(String name, String metadataUrl) {
        return new ExternalIdentityProvider(Kind.SAML, name, metadataUrl, Optional.empty(), Optional.empty());
    }

    public static ExternalIdentityProvider oidc(String name, String issuerUrl, String clientId, String clientSecretArn) {
        return new ExternalIdentityProvider(Kind.OIDC, name, issuerUrl, Optional.of(clientId), Optional.of(clientSecretArn));
    }
}
