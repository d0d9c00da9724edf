package dev.openhands.platform.modules.guardrails;

import com.hashicorp.cdktf.IAspect;
import com.hashicorp.cdktf.TerraformResource;
import dev.openhands.platform.modules.aspects.RenderedAttributes;
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

    private static final Map<Class<?>, String> TYPES = new java.util.concurrent.ConcurrentHashMap<>();

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
        String type = typeOf(resource);
        List<Rule> applicable = rules.stream().filter(r -> r.resourceTypes().contains(type)).toList();
        if (applicable.isEmpty()) {
            return;
        }
        Map<String, Object> attributes = RenderedAttributes.of(resource, type);
        String path = null;
        for (Rule rule : applicable) {
            for (String problem : rule.check(type, attributes)) {
                // Read from Node only for a finding: two round trips per resource otherwise spent on every synth.
                path = path != null ? path : node.getNode().getPath();
                Finding finding = new Finding(rule.id(), path, problem);
                (isSuppressed(node, rule.id()) ? suppressed : findings).add(finding);
            }
        }
    }

    /**
     * The resource's Terraform type. Each generated binding class carries it as the constant {@code TF_RESOURCE_TYPE},
     * read once per class here instead of once per resource across the jsii bridge; a plain {@link TerraformResource}
     * (the escape hatch for types the bindings lack) has no such constant and is asked.
     */
    static String typeOf(TerraformResource resource) {
        Class<?> type = resource.getClass();
        if (type == TerraformResource.class) {
            return resource.getTerraformResourceType();
        }
        return TYPES.computeIfAbsent(type, binding -> {
            try {
                java.lang.reflect.Field constant = binding.getField("TF_RESOURCE_TYPE");
                if (constant.getDeclaringClass() == binding && java.lang.reflect.Modifier.isStatic(constant.getModifiers())) {
                    return (String) constant.get(null);
                }
            } catch (NoSuchFieldException | IllegalAccessException noConstant) {
                // a subclass of our own: ask the resource below
            }
            return resource.getTerraformResourceType();
        });
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
