package dev.openhands.platform.modules.guardrails;

import com.hashicorp.cdktf.IAspect;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.modules.aspects.RenderedAttributes;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Applies {@link Rule}s to every Terraform resource of a stack, in the manner of cdk-nag: {@link #check(TerraformStack)}
 * on a finished stack (one request to Node), or as an aspect under the scopes it is added to
 * ({@code Aspects.of(stack).add(guardrails)}, one request per resource a rule covers); then {@link #findings()} lists
 * what broke a rule and was not suppressed with a reason ({@link Suppression}).
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
        if (applicableTo(type).isEmpty()) {
            return;
        }
        // Read from Node only for a finding: two round trips per resource otherwise spent on every synth.
        apply(type, RenderedAttributes.of(resource, type), () -> node, () -> node.getNode().getPath());
    }

    /**
     * Checks every resource of a finished stack, from the stack's configuration as Terraform receives it, fetched in
     * one request: visiting the resources one by one ({@link #visit}) costs a request for each resource a rule covers
     * (about 330 in a synth of the bundled environments). The rules see references resolved to expressions
     * ({@code ${aws_kms_key.key_1A2B3C4D.arn}}) where a visit shows unresolved tokens; both are strings that no rule
     * takes for a literal. Node is asked again only for a finding: for its resource, to look for a suppression.
     */
    public void check(TerraformStack stack) {
        checkSynthesized(stack.toTerraform(), () -> stack);
    }

    /**
     * Checks every resource of a stack's synthesized configuration (the {@code cdk.tf.json} cdktf wrote for it, read as a
     * map), without a request to Node: the platform's synth checks what it wrote to its staging directory, before that
     * replaces the output, so the guard-rails cost no round trip and Node renders each stack once. {@code stack} is
     * asked for only for a finding (its resource's construct, for a suppression).
     */
    public void checkSynthesized(Object configuration, Supplier<TerraformStack> stack) {
        for (Map.Entry<String, List<Map<String, Object>>> ofType : RenderedAttributes.ofConfiguration(configuration).entrySet()) {
            String type = ofType.getKey();
            if (applicableTo(type).isEmpty()) {
                continue;
            }
            for (Map<String, Object> attributes : ofType.getValue()) {
                String path = RenderedAttributes.pathOf(attributes);
                apply(type, attributes, () -> constructAt(stack.get(), path), () -> path);
            }
        }
    }

    private List<Rule> applicableTo(String type) {
        return rules.stream().filter(r -> r.resourceTypes().contains(type)).toList();
    }

    /** Records the findings of one resource; its construct and path are asked for only if there is one. */
    private void apply(String type, Map<String, Object> attributes, Supplier<IConstruct> resource, Supplier<String> pathOf) {
        IConstruct node = null;
        String path = null;
        for (Rule rule : applicableTo(type)) {
            for (String problem : rule.check(type, attributes)) {
                if (node == null) {
                    node = resource.get();
                    path = pathOf.get();
                }
                Finding finding = new Finding(rule.id(), path, problem);
                (isSuppressed(node, rule.id()) ? suppressed : findings).add(finding);
            }
        }
    }

    /** The construct at a path under {@code stack} (the path starts with the stack's own id; ids hold no '/'). */
    private static IConstruct constructAt(TerraformStack stack, String path) {
        String[] ids = path.split("/");
        IConstruct construct = stack;
        for (int i = 1; i < ids.length; i++) {
            construct = construct.getNode().findChild(ids[i]);
        }
        return construct;
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
