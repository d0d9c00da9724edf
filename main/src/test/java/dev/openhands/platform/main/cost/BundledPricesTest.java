package dev.openhands.platform.main.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped price table against what the project synthesizes: every resource type of every bundled stack (the
 * reviewed snapshots) has a price or a stated reason it has none, and every bundled environment's region has prices.
 */
class BundledPricesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SNAPSHOTS = ProjectFiles.root().resolve("main/src/test/resources/snapshots");

    @Test
    void everyResourceTypeTheProjectSynthesizesIsPricedOrKnownFree() throws IOException {
        Set<String> unknown = new TreeSet<>();
        for (Path snapshot : snapshots()) {
            unknown.addAll(StackPricing.typesIn(JSON.readTree(snapshot.toFile())));
        }
        assertThat(unknown).isNotEmpty();
        unknown.removeAll(StackPricing.knownTypes());
        assertThat(unknown).as("resource types with no price and no reason to be free: add them to StackPricing").isEmpty();
    }

    @Test
    void everyBundledEnvironmentIsPricedCompletely() throws IOException {
        StackPricing pricing = new StackPricing(PriceTable.bundled());
        List<EnvironmentConfig> environments = EnvironmentLoader.load(ProjectFiles.environments(), EnvironmentLoader.environmentNames(ProjectFiles.environments()));
        assertThat(environments).hasSizeGreaterThanOrEqualTo(4);
        for (EnvironmentConfig env : environments) {
            JsonNode stack = JSON.readTree(SNAPSHOTS.resolve(env.name() + ".tf.json").toFile());
            CostEstimate estimate = pricing.estimate(env.name(), stack, env.bedrock().models());
            assertThat(estimate.unpriced()).as(env.name()).isEmpty();
            assertThat(estimate.region()).isEqualTo(env.aws().region());
            assertThat(estimate.monthlyUsd()).as(env.name()).isPositive();
        }
    }

    @Test
    void everyPriceSaysWhereItWasReadAndWhetherItWasConfirmed() throws IOException {
        JsonNode table = JSON.readTree(PriceTable.class.getClassLoader().getResourceAsStream(PriceTable.RESOURCE));
        List<JsonNode> sections = Stream.concat(Stream.of(table.get("global")),
            Stream.of(table.get("regions")).flatMap(r -> Stream.of(r.get("eu-west-1"), r.get("eu-central-1")))).toList();
        for (JsonNode section : sections) {
            section.fields().forEachRemaining(e -> {
                JsonNode p = e.getValue();
                assertThat(p.get("usd").isNumber()).as(e.getKey()).isTrue();
                assertThat(p.get("unit").asText()).as(e.getKey()).isNotBlank();
                assertThat(p.get("source").asText()).as(e.getKey()).startsWith("http");
                assertThat(p.has("verified")).as(e.getKey()).isTrue();
                if (p.get("verified").asBoolean()) {
                    assertThat(p.get("sourceDate").asText()).as(e.getKey()).matches("\\d{4}-\\d{2}-\\d{2}");
                } else {
                    assertThat(p.get("note").asText()).as(e.getKey() + " is unconfirmed: say why").isNotBlank();
                }
            });
        }
        // The two bundled regions price the same things.
        Set<String> west = new TreeSet<>();
        table.get("regions").get("eu-west-1").fieldNames().forEachRemaining(west::add);
        Set<String> central = new TreeSet<>();
        table.get("regions").get("eu-central-1").fieldNames().forEachRemaining(central::add);
        assertThat(central).isEqualTo(west);
    }

    private static List<Path> snapshots() throws IOException {
        try (Stream<Path> files = Files.list(SNAPSHOTS)) {
            return files.filter(f -> f.toString().endsWith(".tf.json")).sorted().toList();
        }
    }
}
