package dev.openhands.platform.modules.identity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may sign in to OpenHands, and how. Build with {@link #builder()}.
 *
 * @param name               prefix of resource names, e.g. {@code openhands-prod}
 * @param domainPrefix       the hosted sign-in domain: {@code https://<prefix>.auth.<region>.amazoncognito.com}
 * @param appDomains         every domain users reach the app at (callback and logout URLs are made for each)
 * @param mfa                second factor; {@link MfaMode#REQUIRED} is the production default
 * @param threatProtection   compromised-credential checks and adaptive authentication
 * @param selfSignUp         anyone with the sign-in URL may create an account (off: administrators invite users)
 * @param deletionProtection Cognito refuses to delete the pool (production)
 * @param tokens             token lifetimes of the app client
 * @param groups             Cognito groups to create (e.g. admins)
 * @param federation         the company's identity provider, if users sign in through it
 * @param tags               resource tags
 */
public record UserDirectoryProps(String name, String domainPrefix, List<String> appDomains, MfaMode mfa,
                                 ThreatProtection threatProtection, boolean selfSignUp, boolean deletionProtection,
                                 TokenLifetimes tokens, List<String> groups, Optional<ExternalIdentityProvider> federation,
                                 Map<String, String> tags) {

    private static final Pattern DOMAIN_PREFIX = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");
    private static final Pattern FQDN = Pattern.compile("^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    private static final Pattern GROUP = Pattern.compile("^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,128}$");

    public UserDirectoryProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mfa, "mfa");
        Objects.requireNonNull(threatProtection, "threatProtection");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(federation, "federation");
        if (domainPrefix == null || !DOMAIN_PREFIX.matcher(domainPrefix).matches()) {
            throw new IllegalArgumentException("sign-in domain prefix '" + domainPrefix + "' must be 1-63 lowercase letters, digits"
                + " and hyphens, not starting or ending with a hyphen");
        }
        for (String reserved : List.of("aws", "amazon", "cognito")) {
            if (domainPrefix.contains(reserved)) {
                throw new IllegalArgumentException("sign-in domain prefix '" + domainPrefix + "' may not contain '" + reserved
                    + "' (Cognito reserves it)");
            }
        }
        appDomains = List.copyOf(appDomains);
        if (appDomains.isEmpty()) {
            throw new IllegalArgumentException("at least one app domain is needed: the sign-in redirects back to it");
        }
        for (String domain : appDomains) {
            if (!FQDN.matcher(domain).matches()) {
                throw new IllegalArgumentException("app domain '" + domain + "' is not a lowercase fully qualified domain name");
            }
        }
        if (new LinkedHashSet<>(appDomains).size() != appDomains.size()) {
            throw new IllegalArgumentException("app domains repeat: " + appDomains);
        }
        groups = List.copyOf(groups);
        for (String group : groups) {
            if (!GROUP.matcher(group).matches()) {
                throw new IllegalArgumentException("group name '" + group + "' must be 1-128 characters without spaces");
            }
        }
        if (new LinkedHashSet<>(groups).size() != groups.size()) {
            throw new IllegalArgumentException("groups repeat: " + groups);
        }
        tags = Map.copyOf(tags);
    }

    /** {@code https://<domain>/oauth2/idpresponse} for every app domain: where the load balancer receives the code. */
    public List<String> callbackUrls() {
        List<String> urls = new ArrayList<>();
        appDomains.forEach(d -> urls.add("https://" + d + "/oauth2/idpresponse"));
        return urls;
    }

    /** {@code https://<domain>/} for every app domain: where users land after signing out. */
    public List<String> logoutUrls() {
        List<String> urls = new ArrayList<>();
        appDomains.forEach(d -> urls.add("https://" + d + "/"));
        return urls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Secure defaults: MFA required, threat protection enforced, invitation only, deletion protection on. */
    public static final class Builder {
        private String name;
        private String domainPrefix;
        private List<String> appDomains = List.of();
        private MfaMode mfa = MfaMode.REQUIRED;
        private ThreatProtection threatProtection = ThreatProtection.ENFORCED;
        private boolean selfSignUp;
        private boolean deletionProtection = true;
        private TokenLifetimes tokens = TokenLifetimes.defaults();
        private List<String> groups = List.of();
        private Optional<ExternalIdentityProvider> federation = Optional.empty();
        private Map<String, String> tags = Map.of();

        private Builder() {
        }

        /** @param name prefix of resource names */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @param domainPrefix the hosted sign-in domain's prefix */
        public Builder domainPrefix(String domainPrefix) {
            this.domainPrefix = domainPrefix;
            return this;
        }

        /** @param appDomains every domain users reach the app at */
        public Builder appDomains(List<String> appDomains) {
            this.appDomains = appDomains;
            return this;
        }

        /** @param mfa second factor (default: required) */
        public Builder mfa(MfaMode mfa) {
            this.mfa = mfa;
            return this;
        }

        /** @param threatProtection advanced security (default: enforced) */
        public Builder threatProtection(ThreatProtection threatProtection) {
            this.threatProtection = threatProtection;
            return this;
        }

        /** @param selfSignUp anyone may create an account (default: off, administrators invite) */
        public Builder selfSignUp(boolean selfSignUp) {
            this.selfSignUp = selfSignUp;
            return this;
        }

        /** @param deletionProtection Cognito refuses to delete the pool (default: on) */
        public Builder deletionProtection(boolean deletionProtection) {
            this.deletionProtection = deletionProtection;
            return this;
        }

        /** @param tokens token lifetimes (default: access 1 h, id 1 h, refresh 30 days) */
        public Builder tokens(TokenLifetimes tokens) {
            this.tokens = tokens;
            return this;
        }

        /** @param groups Cognito groups to create */
        public Builder groups(List<String> groups) {
            this.groups = groups;
            return this;
        }

        /** @param federation the company's identity provider */
        public Builder federation(Optional<ExternalIdentityProvider> federation) {
            this.federation = federation;
            return this;
        }

        /** @param tags resource tags */
        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public UserDirectoryProps build() {
            return new UserDirectoryProps(name, domainPrefix, appDomains, mfa, threatProtection, selfSignUp, deletionProtection,
                tokens, groups, federation, tags);
        }
    }
}
