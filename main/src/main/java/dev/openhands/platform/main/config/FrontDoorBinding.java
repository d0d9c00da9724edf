package dev.openhands.platform.main.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.main.config.EnvironmentConfig.FrontDoor;
import dev.openhands.platform.main.config.EnvironmentConfig.HostedZone;
import dev.openhands.platform.main.config.EnvironmentConfig.SignIn;
import dev.openhands.platform.main.config.EnvironmentConfig.Waf;
import dev.openhands.platform.modules.edge.OriginAccess;
import dev.openhands.platform.modules.network.Ipv4Cidr;
import dev.openhands.platform.modules.identity.ExternalIdentityProvider;
import dev.openhands.platform.modules.identity.MfaMode;
import dev.openhands.platform.modules.identity.ThreatProtection;
import dev.openhands.platform.modules.identity.TokenLifetimes;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.openhands.platform.main.config.EnvironmentLoader.boolOr;
import static dev.openhands.platform.main.config.EnvironmentLoader.intOr;
import static dev.openhands.platform.main.config.EnvironmentLoader.optionalText;
import static dev.openhands.platform.main.config.EnvironmentLoader.textOr;
import static dev.openhands.platform.main.config.EnvironmentLoader.texts;

/** Binds and checks the {@code frontDoor} section of an ecs-fargate environment (its structure is already valid). */
final class FrontDoorBinding {

    /** Where a meaning problem goes: the field's path, what is wrong, how to fix it. */
    interface Problems {
        void problem(String path, String message, String fix);
    }

    private FrontDoorBinding() {
    }

    static FrontDoor bind(JsonNode node, boolean production, Problems problems) {
        List<String> domains = texts(node.get("domains"));
        JsonNode zoneNode = node.get("hostedZone");
        HostedZone zone = new HostedZone(zoneNode.get("id").textValue(), zoneNode.get("name").textValue());
        String sandboxSubdomain = textOr(node, "sandboxSubdomain", "sbx");
        for (int i = 0; i < domains.size(); i++) {
            String domain = domains.get(i);
            if (!domain.equals(zone.name()) && !domain.endsWith("." + zone.name())) {
                problems.problem("frontDoor.domains[" + i + "]", "'" + domain + "' is not inside the hosted zone " + zone.name()
                    + ": its certificate validation and alias records could not be written there.",
                    "use a name ending in ." + zone.name() + ", or name the zone that holds it in frontDoor.hostedZone.");
            }
            if (domain.endsWith("." + sandboxSubdomain + "." + domains.get(0))) {
                problems.problem("frontDoor.domains[" + i + "]", "'" + domain + "' lies under the sandbox names *." + sandboxSubdomain
                    + "." + domains.get(0) + ", so a sandbox could be routed as the app or the other way round.",
                    "choose a name outside " + sandboxSubdomain + "." + domains.get(0) + ", or change frontDoor.sandboxSubdomain.");
            }
        }
        OriginAccess access = OriginAccess.fromConfig(textOr(node, "originAccess", OriginAccess.VPC_ORIGIN.configName()));
        if (access == OriginAccess.VPC_ORIGIN && node.has("originSecretGeneration")) {
            problems.problem("frontDoor.originSecretGeneration", "there is no origin secret with originAccess vpc-origin: CloudFront"
                + " reaches the internal load balancer through a VPC origin, so a secret generation would rotate nothing.",
                "remove frontDoor.originSecretGeneration, or set frontDoor.originAccess to \"header\" where VPC origins are not available.");
        }
        return new FrontDoor(domains, zone, bindSignIn(node.get("signIn"), production, problems), bindWaf(node.path("waf"), problems),
            boolOr(node, "accessLogs", true), access, intOr(node, "originSecretGeneration", 1), sandboxSubdomain,
            node.get("routerImage").textValue(), intOr(node, "routerTasks", production ? 2 : 1));
    }

    private static SignIn bindSignIn(JsonNode node, boolean production, Problems problems) {
        String prefix = node.get("domainPrefix").textValue();
        for (String reserved : List.of("aws", "amazon", "cognito")) {
            if (prefix.contains(reserved)) {
                problems.problem("frontDoor.signIn.domainPrefix", "'" + prefix + "' contains '" + reserved + "', which Cognito reserves.",
                    "choose a prefix without aws, amazon or cognito, e.g. your company's name plus \"-openhands\".");
            }
        }
        MfaMode mfa = MfaMode.valueOf(textOr(node, "mfa", production ? "required" : "optional").toUpperCase(Locale.ROOT));
        if (production && mfa != MfaMode.REQUIRED) {
            problems.problem("frontDoor.signIn.mfa", "a production environment requires a second factor; '" + mfa.name().toLowerCase(Locale.ROOT)
                + "' would let a stolen password alone open an agent with the company's code and cloud credentials.",
                "remove frontDoor.signIn.mfa (it defaults to required), or set \"production\": false.");
        }
        boolean selfSignUp = boolOr(node, "selfSignUp", false);
        if (production && selfSignUp) {
            problems.problem("frontDoor.signIn.selfSignUp", "a production environment does not let anyone with the URL create an account.",
                "remove frontDoor.signIn.selfSignUp and invite users (or federate your identity provider), or set \"production\": false.");
        }
        ThreatProtection threats = ThreatProtection.valueOf(textOr(node, "threatProtection", "enforced").toUpperCase(Locale.ROOT));
        JsonNode minutes = node.path("tokenMinutes");
        TokenLifetimes tokens = TokenLifetimes.defaults();
        try {
            tokens = new TokenLifetimes(Duration.ofMinutes(intOr(minutes, "access", 60)), Duration.ofMinutes(intOr(minutes, "id", 60)),
                Duration.ofMinutes(intOr(minutes, "refresh", 43_200)));
        } catch (IllegalArgumentException e) {
            problems.problem("frontDoor.signIn.tokenMinutes", e.getMessage() + ".",
                "use access and id lifetimes of 5-1440 minutes and a refresh lifetime of 60 minutes to 10 years.");
        }
        List<String> groups = node.has("groups") ? texts(node.get("groups")) : List.of();
        return new SignIn(prefix, mfa, selfSignUp, threats, tokens, groups, bindFederation(node.path("federation"), problems));
    }

    private static Optional<ExternalIdentityProvider> bindFederation(JsonNode node, Problems problems) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        String type = node.get("type").textValue();
        try {
            return Optional.of(new ExternalIdentityProvider(ExternalIdentityProvider.Kind.valueOf(type.toUpperCase(Locale.ROOT)),
                node.get("name").textValue(), node.get("url").textValue(), optionalText(node, "oidcClientId"),
                optionalText(node, "oidcClientSecretArn")));
        } catch (IllegalArgumentException e) {
            problems.problem("frontDoor.signIn.federation", e.getMessage() + ".", type.equals("saml")
                ? "give a SAML provider only type, name and its metadata url (no oidcClientId or oidcClientSecretArn)."
                : "give an OIDC provider its issuer url, oidcClientId and the oidcClientSecretArn of the secret holding its client secret.");
            return Optional.empty();
        }
    }

    private static Waf bindWaf(JsonNode node, Problems problems) {
        List<String> cidrs = node.has("allowCidrs") ? texts(node.get("allowCidrs")) : List.of();
        for (int i = 0; i < cidrs.size(); i++) {
            try {
                Ipv4Cidr.parse(cidrs.get(i));
            } catch (IllegalArgumentException e) {
                problems.problem("frontDoor.waf.allowCidrs[" + i + "]", e.getMessage() + ".", EnvironmentSchema.CIDR_HINT);
            }
        }
        return new Waf(node.has("rateLimitPer5Minutes") ? node.get("rateLimitPer5Minutes").longValue() : 3000, cidrs,
            boolOr(node, "anonymousIpList", false));
    }
}
