package dev.openhands.platform.main.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.cost.CostEstimate;
import dev.openhands.platform.main.cost.PriceTable;
import dev.openhands.platform.main.cost.StackPricing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "cost", description = "Print what an environment costs a month at zero use, resource by resource, from its"
    + " synthesized stack and the price table shipped in the repository (no AWS call). Usage-priced items are listed with"
    + " their unit price. Exit 0: priced; 1: a resource type has no price (the total would be incomplete) or an error.")
final class CostCommand implements Callable<Integer> {

    @Mixin
    OneEnvironment environment;

    @Option(names = "--synth-dir", paramLabel = "DIR",
        description = "Price the stack already synthesized in DIR (a cdktf.out) instead of synthesizing into cdktf.out/.")
    Path synthDir;

    @Option(names = "--baseline", paramLabel = "DIR",
        description = "A cdktf.out of another commit (the pull request's base): report the change against it.")
    Path baseline;

    @Mixin
    ReportFormat format;

    @Mixin
    ReportDestination destination;

    @Override
    public Integer call() throws IOException {
        EnvironmentConfig env = environment.load();
        Path outdir = synthDir != null ? synthDir : OneEnvironment.synthesize(env);
        StackPricing pricing = new StackPricing(PriceTable.bundled());
        CostEstimate estimate = pricing.estimate(env.name(), stack(outdir, env.name()), env.bedrock().models());
        Optional<CostEstimate> base = baseline == null ? Optional.empty() : Optional.of(baselineEstimate(pricing, env, estimate));
        destination.write(format.render(() -> estimate.toText(base), () -> estimate.toMarkdown(base), () -> estimate.toJson(base)));
        if (!estimate.unpriced().isEmpty()) {
            destination.complain("cost: no price for " + String.join(", ", estimate.unpriced())
                + ": add the type to main/.../cost/StackPricing and its prices to " + PriceTable.RESOURCE);
            return 1;
        }
        return 0;
    }

    /** The --baseline stack priced alike; a new environment has no base stack, so everything in it is new. */
    private CostEstimate baselineEstimate(StackPricing pricing, EnvironmentConfig env, CostEstimate estimate) throws IOException {
        Path baseStack = stackFile(baseline, env.name());
        return Files.exists(baseStack)
            ? pricing.estimate(env.name(), new ObjectMapper().readTree(baseStack.toFile()), env.bedrock().models())
            : new CostEstimate(env.name(), estimate.region(), estimate.currency(), estimate.hoursPerMonth(), List.of(), List.of(), List.of());
    }

    private static JsonNode stack(Path outdir, String name) throws IOException {
        Path file = stackFile(outdir, name);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + " does not exist: synthesize the environment first (bin/openhands synth "
                + name + ") or drop --synth-dir");
        }
        return new ObjectMapper().readTree(file.toFile());
    }

    private static Path stackFile(Path outdir, String name) {
        return outdir.resolve("stacks").resolve(name).resolve("cdk.tf.json");
    }
}
