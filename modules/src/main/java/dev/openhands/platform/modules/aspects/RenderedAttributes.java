package dev.openhands.platform.modules.aspects;

import com.hashicorp.cdktf.TerraformResource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resource's attributes as it renders them ({@code toTerraform()}: the Terraform names, tokens not yet resolved), in
 * one request to Node, where reading them one getter at a time costs a request each; or those of every resource of a
 * stack, also in one request.
 */
public final class RenderedAttributes {

    private RenderedAttributes() {
    }

    /** The attributes of {@code resource}, whose Terraform type is {@code type}; empty if it renders none. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(TerraformResource resource, String type) {
        Object rendered = resource.toTerraform();
        if (rendered instanceof Map<?, ?> root && root.get("resource") instanceof Map<?, ?> byType
            && byType.get(type) instanceof Map<?, ?> byId && !byId.isEmpty()
            && byId.values().iterator().next() instanceof Map<?, ?> attributes) {
            return (Map<String, Object>) attributes;
        }
        return Map.of();
    }

    /**
     * The resources of a stack's Terraform configuration ({@code stack.toTerraform()}, or the {@code cdk.tf.json} cdktf
     * wrote for it), by type, in the configuration's order; no request to Node.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, List<Map<String, Object>>> ofConfiguration(Object configuration) {
        Map<String, List<Map<String, Object>>> byType = new LinkedHashMap<>();
        if (configuration instanceof Map<?, ?> config && config.get("resource") instanceof Map<?, ?> resources) {
            for (Map.Entry<?, ?> ofType : resources.entrySet()) {
                List<Map<String, Object>> rendered = new ArrayList<>();
                if (ofType.getValue() instanceof Map<?, ?> byId) {
                    for (Object attributes : byId.values()) {
                        if (attributes instanceof Map<?, ?> map) {
                            rendered.add((Map<String, Object>) map);
                        }
                    }
                }
                byType.put(String.valueOf(ofType.getKey()), rendered);
            }
        }
        return byType;
    }

    /** The construct path cdktf writes into each rendered resource of a stack ({@code "//": {"metadata": {"path": ...}}}). */
    public static String pathOf(Map<String, Object> attributes) {
        if (attributes.get("//") instanceof Map<?, ?> comment && comment.get("metadata") instanceof Map<?, ?> metadata
            && metadata.get("path") instanceof String path) {
            return path;
        }
        throw new IllegalStateException("a rendered resource carries no construct path (\"//\".metadata.path): " + attributes.keySet());
    }
}
