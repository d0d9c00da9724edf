package dev.openhands.platform.modules.guardrails;

import com.hashicorp.cdktf.IAspect;
import com.hashicorp.cdktf.TerraformResource;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link Rule}s to every Terraform resource under the scopes it is added to, in the manner of cdk-nag:
 * {@code Aspects.of(stack).add(guardrails)}; after synth, {@link #findings()} lists what broke a rule and was not
 * suppressed with a reason ({@link Suppression}).
 */
public final class Guardrails implements IAspect {

    private final List<Rule> rules;
    private final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
    private final List<Finding> suppressed = Collections.synchronizedList(new ArrayList<>());

    public Guardrails(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The project's default rules. */
    public static Guardrails secureDefaults() {
        return new Guardrails(SecurityRules.ALL);
    }

    @Override
    public void visit(IConstruct node) {
        if (!(node instanceof TerraformResource resource)) {
            return;
        }
        String type = resource.getTerraformResourceType();
        List<Rule> applicable = rules.stream().filter(r -> r.resourceTypes().contains(type)).toList();
        if (applicable.isEmpty()) {
            return;
        }
        Map<String, Object> attributes = attributesOf(resource, type);
        String path = node.getNode().getPath();
        for (Rule rule : applicable) {
            for (String problem : rule.check(type, attributes)) {
                Finding finding = new Finding(rule.id(), path, problem);
                (isSuppressed(node, rule.id()) ? suppressed : findings).add(finding);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributesOf(TerraformResource resource, String type) {
        Object rendered = resource.toTerraform();
        if (rendered instanceof Map<?, ?> root && root.get("resource") instanceof Map<?, ?> byType
            && byType.get(type) instanceof Map<?, ?> byId && !byId.isEmpty()
            && byId.values().iterator().next() instanceof Map<?, ?> attributes) {
            return (Map<String, Object>) attributes;
        }
        return Map.of();
    }

    private static boolean isSuppressed(IConstruct node, String ruleId) {
        for (IConstruct scope : node.getNode().getScopes()) {
            for (MetadataEntry entry : scope.getNode().getMetadata()) {
                if (Suppression.METADATA_KEY.equals(entry.getType()) && String.valueOf(entry.getData()).startsWith(ruleId + ":")) {
                    return true;
                }
            }
        }
        return false;
    }

    public List<Finding> findings() {
        synchronized (findings) {
            return List.copyOf(findings);
        }
    }

    public List<Finding> suppressedFindings() {
        synchronized (suppressed) {
            return List.copyOf(suppressed);
        }
    }
}
