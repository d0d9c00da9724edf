package dev.openhands.platform.modules.aspects;

import com.hashicorp.cdktf.TerraformResource;

import java.util.Map;

/**
 * A resource's attributes as it renders them ({@code toTerraform()}: the Terraform names, tokens not yet resolved), in
 * one request to Node, where reading them one getter at a time costs a request each.
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
}
