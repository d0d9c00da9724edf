package dev.openhands.platform.modules.identity;

import com.hashicorp.cdktf.providers.aws.cognito_identity_provider.CognitoIdentityProvider;
import com.hashicorp.cdktf.providers.aws.cognito_user_group.CognitoUserGroup;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool.CognitoUserPool;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool.CognitoUserPoolAccountRecoverySetting;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool.CognitoUserPoolAccountRecoverySettingRecoveryMechanism;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool.CognitoUserPoolAdminCreateUserConfig;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool.CognitoUserPoolPasswordPolicy;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool.CognitoUserPoolSoftwareTokenMfaConfiguration;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool.CognitoUserPoolUserAttributeUpdateSettings;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool.CognitoUserPoolUserPoolAddOns;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool.CognitoUserPoolUsernameConfiguration;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool_client.CognitoUserPoolClient;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool_client.CognitoUserPoolClientTokenValidityUnits;
import com.hashicorp.cdktf.providers.aws.cognito_user_pool_domain.CognitoUserPoolDomain;
import com.hashicorp.cdktf.providers.aws.data_aws_secretsmanager_secret_version.DataAwsSecretsmanagerSecretVersion;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Cognito user pool people sign in to OpenHands with: sign-in by email, a 12-character password of all character
 * classes, TOTP as second factor, recovery by verified email only, a hosted sign-in domain and one confidential app
 * client (authorization-code flow, {@code openid email profile}) for the load balancer's {@code authenticate-cognito}.
 */
public class UserDirectory extends Construct implements UserSignIn {

    /** The scopes the load balancer asks for. */
    public static final List<String> SCOPES = List.of("openid", "email", "profile");
    static final int MINIMUM_PASSWORD_LENGTH = 12;
    private static final Map<ExternalIdentityProvider.Kind, String> EMAIL_CLAIM = Map.of(
        ExternalIdentityProvider.Kind.SAML, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        ExternalIdentityProvider.Kind.OIDC, "email");

    private final CognitoUserPool pool;
    private final String poolId;
    private final CognitoUserPoolClient client;
    private final String clientId;
    private final CognitoUserPoolDomain domain;

    public UserDirectory(Construct scope, String id, UserDirectoryProps props) {
        super(scope, id);
        this.pool = CognitoUserPool.Builder.create(this, "pool")
            .name(props.name() + "-users")
            .usernameAttributes(List.of("email"))
            .autoVerifiedAttributes(List.of("email"))
            .usernameConfiguration(CognitoUserPoolUsernameConfiguration.builder().caseSensitive(false).build())
            .passwordPolicy(CognitoUserPoolPasswordPolicy.builder()
                .minimumLength(MINIMUM_PASSWORD_LENGTH)
                .requireLowercase(true).requireUppercase(true).requireNumbers(true).requireSymbols(true)
                .temporaryPasswordValidityDays(3)
                .build())
            .mfaConfiguration(props.mfa().cognitoValue())
            .softwareTokenMfaConfiguration(CognitoUserPoolSoftwareTokenMfaConfiguration.builder()
                .enabled(props.mfa() != MfaMode.OFF).build())
            // Recovery by a verified email only: an SMS recovery path is the weaker factor attackers go for.
            .accountRecoverySetting(CognitoUserPoolAccountRecoverySetting.builder()
                .recoveryMechanism(List.of(CognitoUserPoolAccountRecoverySettingRecoveryMechanism.builder()
                    .name("verified_email").priority(1).build()))
                .build())
            .adminCreateUserConfig(CognitoUserPoolAdminCreateUserConfig.builder()
                .allowAdminCreateUserOnly(!props.selfSignUp()).build())
            .userAttributeUpdateSettings(CognitoUserPoolUserAttributeUpdateSettings.builder()
                .attributesRequireVerificationBeforeUpdate(List.of("email")).build())
            .userPoolAddOns(CognitoUserPoolUserPoolAddOns.builder()
                .advancedSecurityMode(props.threatProtection().name()).build())
            .deletionProtection(props.deletionProtection() ? "ACTIVE" : "INACTIVE")
            .tags(props.tags())
            .build();
        this.poolId = pool.getId();

        this.domain = CognitoUserPoolDomain.Builder.create(this, "domain")
            .domain(props.domainPrefix())
            .userPoolId(poolId)
            .build();

        List<String> providers = new ArrayList<>(List.of("COGNITO"));
        CognitoIdentityProvider federated = props.federation().map(idp -> {
            providers.add(idp.name());
            return identityProvider(idp);
        }).orElse(null);

        CognitoUserPoolClient.Builder clientBuilder = CognitoUserPoolClient.Builder.create(this, "app-client")
            .name(props.name() + "-app")
            .userPoolId(poolId)
            .generateSecret(true)
            .allowedOauthFlows(List.of("code"))
            .allowedOauthFlowsUserPoolClient(true)
            .allowedOauthScopes(SCOPES)
            .callbackUrls(props.callbackUrls())
            .logoutUrls(props.logoutUrls())
            .supportedIdentityProviders(providers)
            .explicitAuthFlows(List.of("ALLOW_REFRESH_TOKEN_AUTH"))
            .accessTokenValidity(props.tokens().access().toMinutes())
            .idTokenValidity(props.tokens().id().toMinutes())
            .refreshTokenValidity(props.tokens().refresh().toMinutes())
            .tokenValidityUnits(List.of(CognitoUserPoolClientTokenValidityUnits.builder()
                .accessToken("minutes").idToken("minutes").refreshToken("minutes").build()))
            .preventUserExistenceErrors("ENABLED")
            .enableTokenRevocation(true);
        if (federated != null) {
            clientBuilder.dependsOn(List.of(federated));
        }
        this.client = clientBuilder.build();
        this.clientId = client.getId();

        for (String group : props.groups()) {
            CognitoUserGroup.Builder.create(this, "group-" + group)
                .name(group)
                .userPoolId(poolId)
                .description("OpenHands users in " + group)
                .build();
        }
    }

    private CognitoIdentityProvider identityProvider(ExternalIdentityProvider idp) {
        Map<String, String> details = new LinkedHashMap<>();
        if (idp.kind() == ExternalIdentityProvider.Kind.SAML) {
            details.put("MetadataURL", idp.url());
        } else {
            DataAwsSecretsmanagerSecretVersion secret = DataAwsSecretsmanagerSecretVersion.Builder.create(this, "idp-client-secret")
                .secretId(idp.oidcSecretArn().orElseThrow())
                .build();
            details.put("attributes_request_method", "GET");
            details.put("authorize_scopes", String.join(" ", SCOPES));
            details.put("client_id", idp.oidcClientId().orElseThrow());
            details.put("client_secret", secret.getSecretString());
            details.put("oidc_issuer", idp.url());
        }
        return CognitoIdentityProvider.Builder.create(this, "identity-provider")
            .userPoolId(poolId)
            .providerName(idp.name())
            .providerType(idp.kind().name())
            .providerDetails(details)
            .attributeMapping(Map.of("email", EMAIL_CLAIM.get(idp.kind())))
            .build();
    }

    @Override
    public String getUserPoolArn() {
        return pool.getArn();
    }

    public String getUserPoolId() {
        return poolId;
    }

    @Override
    public String getClientId() {
        return clientId;
    }

    @Override
    public String getDomainPrefix() {
        return domain.getDomain();
    }
}
