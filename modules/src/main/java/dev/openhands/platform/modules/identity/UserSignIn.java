package dev.openhands.platform.modules.identity;

/**
 * What a load balancer's {@code authenticate-cognito} action needs from a user directory. Implemented by
 * {@link UserDirectory}; {@link #of} refers to a pool created elsewhere.
 */
public interface UserSignIn {

    String getUserPoolArn();

    String getClientId();

    /** The hosted sign-in domain's prefix (Cognito's {@code user_pool_domain}). */
    String getDomainPrefix();

    static UserSignIn of(String userPoolArn, String clientId, String domainPrefix) {
        if (!userPoolArn.startsWith("${") && !userPoolArn.matches("^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\\d{12}:userpool/[\\w-]+_[0-9a-zA-Z]+$")) {
            throw new IllegalArgumentException("'" + userPoolArn + "' is not a Cognito user pool ARN");
        }
        return new UserSignIn() {
            @Override
            public String getUserPoolArn() {
                return userPoolArn;
            }

            @Override
            public String getClientId() {
                return clientId;
            }

            @Override
            public String getDomainPrefix() {
                return domainPrefix;
            }
        };
    }
}
