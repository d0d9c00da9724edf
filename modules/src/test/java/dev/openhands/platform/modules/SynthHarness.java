package dev.openhands.platform.modules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Synthesizes a construct inside a throw-away stack and gives the Terraform JSON back for assertions. */
public final class SynthHarness {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "eu-west-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SynthHarness() {
    }

    /** The synthesized JSON string, as {@link Testing} matchers take it. */
    public static String synth(Consumer<TerraformStack> body) {
        App app = Testing.app();
        TerraformStack stack = new TerraformStack(app, "test");
        AwsProvider.Builder.create(stack, "aws").region(REGION).build();
        body.accept(stack);
        return Testing.synth(stack);
    }

    public static JsonNode parse(String synthesized) {
        try {
            return JSON.readTree(synthesized);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every resource of a type, as JSON objects. */
    public static List<JsonNode> resources(JsonNode doc, String type) {
        List<JsonNode> out = new ArrayList<>();
        doc.path("resource").path(type).forEach(out::add);
        return out;
    }

    public static JsonNode onlyResource(JsonNode doc, String type) {
        List<JsonNode> all = resources(doc, type);
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one " + type + ", found " + all.size());
        }
        return all.get(0);
    }

    /** A policy document embedded as a JSON string attribute. */
    public static JsonNode policy(JsonNode resource, String attribute) {
        return parse(resource.path(attribute).asText());
    }

    /** Every statement of a policy, with Action and Resource normalised to lists. */
    public static List<Map<String, List<String>>> statements(JsonNode policy) {
        List<Map<String, List<String>>> out = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            out.add(Map.of("Sid", List.of(statement.path("Sid").asText()), "Effect", List.of(statement.path("Effect").asText()),
                "Action", strings(statement.path("Action")), "Resource", strings(statement.path("Resource"))));
        }
        return out;
    }

    public static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            Iterator<JsonNode> it = node.elements();
            it.forEachRemaining(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }
}
