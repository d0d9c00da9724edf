package dev.openhands.platform.modules.guardrails;

/**
 * A rule a resource breaks.
 *
 * @param ruleId        e.g. {@code OH-IAM1}
 * @param resourcePath  construct path of the resource, e.g. {@code pilot/host/instance}
 * @param message       what is wrong
 */
public record Finding(String ruleId, String resourcePath, String message) {

    @Override
    public String toString() {
        return ruleId + " " + resourcePath + ": " + message;
    }
}
