package dev.openhands.platform.modules.guardrails;

import software.constructs.IConstruct;

import java.util.Objects;

/**
 * A documented exception to a rule for one construct and everything under it. The reason is mandatory: a
 * reviewer reads it next to the resource in the synthesized stack's metadata.
 */
public record Suppression(String ruleId, String reason) {

    static final String METADATA_KEY = "openhands:guardrail-suppression";
    private static final int MIN_REASON_LENGTH = 20;

    public Suppression {
        Objects.requireNonNull(ruleId, "ruleId");
        if (reason == null || reason.strip().length() < MIN_REASON_LENGTH) {
            throw new IllegalArgumentException("suppressing " + ruleId + " needs a reason of at least " + MIN_REASON_LENGTH
                + " characters saying why the exception is safe");
        }
    }

    /** Exempts {@code scope} and its children from {@code ruleId}. */
    public static void apply(IConstruct scope, String ruleId, String reason) {
        Suppression suppression = new Suppression(ruleId, reason);
        scope.getNode().addMetadata(METADATA_KEY, suppression.ruleId() + ": " + suppression.reason());
    }
}
