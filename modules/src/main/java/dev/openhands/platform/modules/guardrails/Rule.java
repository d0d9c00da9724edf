package dev.openhands.platform.modules.guardrails;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One guard-rail: an id, the resource types it inspects, and a check of a resource's Terraform attributes (as
 * they will be synthesized: snake_case keys; references appear as strings: unresolved tokens when a resource is visited, Terraform expressions such as
 * {@code ${aws_kms_key.key_1A2B3C4D.arn}} when a whole stack is checked).
 */
public interface Rule {

    String id();

    /** One line saying what the rule demands and why; shown with every finding and in docs/guardrails.md. */
    String description();

    Set<String> resourceTypes();

    /** Problems of one resource; empty when it complies. */
    List<String> check(String resourceType, Map<String, Object> attributes);
}
