package dev.openhands.platform.main.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.config.EnvironmentConfig.Architecture;
import dev.openhands.platform.main.config.EnvironmentConfig.Aws;
import dev.openhands.platform.main.config.EnvironmentConfig.Bedrock;
import dev.openhands.platform.main.config.EnvironmentConfig.Data;
import dev.openhands.platform.main.config.EnvironmentConfig.Egress;
import dev.openhands.platform.main.config.EnvironmentConfig.Network;
import dev.openhands.platform.main.config.EnvironmentConfig.PinnedAmi;
import dev.openhands.platform.main.config.EnvironmentConfig.Pilot;
import dev.openhands.platform.main.config.EnvironmentConfig.Sandbox;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.sandbox.SandboxContainer;
import dev.openhands.platform.main.config.EnvironmentConfig.State;
import dev.openhands.platform.main.schema.SpecValidator;
import dev.openhands.platform.modules.compute.EgressMode;
import dev.openhands.platform.modules.egress.EgressProxyPolicy;
import dev.openhands.platform.modules.compute.HostProvisioning;
import dev.openhands.platform.modules.iam.BedrockModelAccess;
import dev.openhands.platform.modules.network.Ipv4Cidr;
import dev.openhands.platform.modules.schedule.OfficeHours;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads environment files into {@link EnvironmentConfig}s. Every file is checked completely (structure, then
 * meaning) and every problem of every file is reported at once; nothing is returned unless all are valid.
 */
public final class EnvironmentLoader {

    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private EnvironmentLoader() {
    }

    /** The environment names in a directory: every {@code *.json} but the schema, sorted. */
    public static List<String> environmentNames(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".json") && !n.equals(EnvironmentSchema.SCHEMA_FILE))
                .map(n -> n.substring(0, n.length() - ".json".length()))
                .sorted()
                .toList();
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new ConfigProblem(directory.toString(), "$",
                "cannot list the environments directory (" + e.getMessage() + ").",
                "run from the repository root or pass --environments DIR.")));
        }
    }

    /** Loads the named environments (all of them when {@code names} is empty). */
    public static List<EnvironmentConfig> load(Path directory, List<String> names) {
        List<String> selected = names.isEmpty() ? environmentNames(directory) : names;
        List<ConfigProblem> problems = new ArrayList<>();
        List<EnvironmentConfig> configs = new ArrayList<>();
        if (selected.isEmpty()) {
            problems.add(new ConfigProblem(directory.toString(), "$", "no environment files found.",
                "add a file such as " + directory.resolve("pilot.json") + "."));
        }
        for (String name : selected) {
            Path file = directory.resolve(name + ".json");
            loadOne(file, problems).ifPresent(configs::add);
        }
        checkSharedState(configs, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return List.copyOf(configs);
    }

    /** Loads one file, adding its problems to {@code problems}. */
    public static Optional<EnvironmentConfig> loadOne(Path file, List<ConfigProblem> problems) {
        String display = file.toString();
        JsonNode document;
        try {
            document = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(display, "$", "the file does not exist.",
                "create it (copy environments/pilot.json) or name an existing environment."));
            return Optional.empty();
        } catch (JsonParseException e) {
            problems.add(new ConfigProblem(display, "$", "is not valid JSON at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ".",
                "correct the JSON syntax there (a JSON-aware editor with environment.schema.json shows it)."));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new ConfigProblem(display, "$", "cannot be read (" + e.getMessage() + ").", "check the file's permissions."));
            return Optional.empty();
        }
        if (document == null || document.isMissingNode()) {
            problems.add(new ConfigProblem(display, "$", "the file is empty.", "write an environment object; see environments/pilot.json."));
            return Optional.empty();
        }
        List<ConfigProblem> structural = SpecValidator.validate(display, document, EnvironmentSchema.ROOT);
        if (!structural.isEmpty()) {
            problems.addAll(structural);
            return Optional.empty();
        }
        int before = problems.size();
        EnvironmentConfig config = bind(display, file, document, problems);
        return problems.size() == before ? Optional.of(config) : Optional.empty();
    }

    private static EnvironmentConfig bind(String display, Path file, JsonNode doc, List<ConfigProblem> problems) {
        Checks checks = new Checks(display, problems);
        String name = doc.get("name").textValue();
        String expectedName = file.getFileName().toString().replaceFirst("\\.json$", "");
        checks.require(name.equals(expectedName), "name", "'" + name + "' differs from the file name '" + expectedName + "'.",
            "set \"name\": \"" + expectedName + "\" or rename the file to " + name + ".json.");

        JsonNode awsNode = doc.get("aws");
        Aws aws = new Aws(awsNode.get("accountId").textValue(), awsNode.get("region").textValue(),
            optionalText(awsNode, "deployRoleArn"));
        aws.deployRoleArn().ifPresent(arn -> checks.require(arn.split(":")[4].equals(aws.accountId()), "aws.deployRoleArn",
            "the role is in account " + arn.split(":")[4] + ", not in aws.accountId " + aws.accountId() + ".",
            "name a deploy role in account " + aws.accountId() + "."));

        Map<String, String> tags = new LinkedHashMap<>();
        if (doc.has("tags")) {
            doc.get("tags").fields().forEachRemaining(e -> {
                checks.require(!e.getKey().toLowerCase().startsWith("aws:"), "tags." + e.getKey(),
                    "tag keys starting with aws: are reserved by AWS.", "rename the tag.");
                tags.put(e.getKey(), e.getValue().textValue());
            });
        }

        State state = bindState(doc.get("state"), name, aws);
        EnvironmentConfig.Platform platform = EnvironmentConfig.Platform.valueOf(
            doc.get("platform").textValue().toUpperCase().replace('-', '_'));
        boolean production = doc.has("production") && doc.get("production").booleanValue();
        Egress egress = bindEgress(doc.get("egress"), platform, production, aws.region(), checks);
        Network network = bindNetwork(doc.get("network"), aws.region(), egress.mode(), platform, production, checks);
        Bedrock bedrock = bindBedrock(doc.get("bedrock"), checks);
        Optional<Pilot> pilot = Optional.empty();
        Optional<Data> data = Optional.empty();
        Optional<Sandbox> sandbox = Optional.empty();
        Optional<EnvironmentConfig.FrontDoor> frontDoor = Optional.empty();
        Optional<EnvironmentConfig.App> app = Optional.empty();
        if (platform == EnvironmentConfig.Platform.EC2_PILOT) {
            checks.require(!doc.has("frontDoor"), "frontDoor", "the ec2-pilot host is reached through Session Manager port forwarding, not a public entrance.",
                "remove \"frontDoor\", or set \"platform\": \"ecs-fargate\".");
            checks.require(!doc.has("data"), "data", "the ec2-pilot platform keeps its data on the host and has no data tier.",
                "remove \"data\", or set \"platform\": \"ecs-fargate\".");
            checks.require(!doc.has("sandbox"), "sandbox", "the ec2-pilot host runs its sandboxes under rootless Podman; there is no orchestrator.",
                "remove \"sandbox\", or set \"platform\": \"ecs-fargate\".");
            checks.require(!doc.has("app"), "app", "the ec2-pilot host runs the app server under rootless Podman; there is no app service.",
                "remove \"app\" (the pilot's version is pilot.openhandsVersion), or set \"platform\": \"ecs-fargate\".");
            pilot = Optional.of(bindPilot(doc.has("pilot") ? doc.get("pilot") : JSON.createObjectNode(), egress.mode(), checks));
        } else {
            checks.require(!doc.has("pilot"), "pilot", "the pilot section describes the ec2-pilot host; ecs-fargate has none.",
                "remove \"pilot\", or set \"platform\": \"ec2-pilot\".");
            checks.require(doc.has("data"), "data", "the ecs-fargate platform needs its data tier described.",
                "add \"data\": {} (every field has a default; see docs/data.md).");
            if (doc.has("data")) {
                data = Optional.of(bindData(doc.get("data"), production, checks));
            }
            checks.require(doc.has("sandbox"), "sandbox", "the ecs-fargate platform runs one sandbox task per conversation and needs their images.",
                "add \"sandbox\": {\"images\": [\"<account>.dkr.ecr." + aws.region() + ".amazonaws.com/openhands/agent-server:<tag>\"]} (see docs/sandboxes.md).");
            if (doc.has("sandbox")) {
                sandbox = Optional.of(bindSandbox(doc.get("sandbox"), aws, production, doc.has("app"), checks));
            }
            if (doc.has("frontDoor")) {
                frontDoor = Optional.of(FrontDoorBinding.bind(doc.get("frontDoor"), production, checks::problem));
                // With egress allowlist the network check already asks for them (one problem per field, not two).
                checks.require(egress.mode() == EgressMode.ALLOWLIST || !network.publicSubnetCidrs().isEmpty(), "network.publicSubnetCidrs",
                    frontDoor.get().originAccess() == dev.openhands.platform.modules.edge.OriginAccess.HEADER
                        ? "frontDoor puts an internet-facing load balancer in public subnets, and none are configured."
                        : "CloudFront VPC origins need an internet gateway attached to the VPC (it routes nothing to the internal"
                        + " load balancer), which the network creates with its public subnets, and none are configured.",
                    "add \"publicSubnetCidrs\" with one small block per zone inside vpcCidr, e.g. "
                    + examplePublicBlocks(network.vpcCidr(), network.availabilityZones().size())
                    + " (the private subnets still get no route out unless egress.mode is allowlist).");
            }
            checks.require(doc.has("frontDoor"), "frontDoor", "the ecs-fargate platform's app service is reached only through the front door"
                + " (Cognito sign-in, CloudFront and WAF, the origin load balancer).",
                "add \"frontDoor\": {\"domains\": [\"openhands.<your domain>\"], \"hostedZone\": {...}, ...} (see docs/configuration.md).");
            checks.require(doc.has("app"), "app", "the ecs-fargate platform runs the OpenHands app service and needs its image repository and public URL.",
                "add \"app\": {\"repository\": \"" + aws.accountId() + ".dkr.ecr." + aws.region() + ".amazonaws.com/openhands/app\", \"publicUrl\": \"https://<front door name>\"}"
                    + " (see docs/operations.md).");
            if (doc.has("app")) {
                app = Optional.of(bindApp(doc.get("app"), aws, production, sandbox, checks));
            }
            if (app.isPresent() && frontDoor.isPresent()) {
                String publicUrl = app.get().publicUrl();
                List<String> served = frontDoor.get().domains().stream().map(domain -> "https://" + domain).toList();
                checks.require(served.contains(publicUrl), "app.publicUrl", publicUrl + " is not a name the front door serves, so users"
                    + " and sandbox webhooks would miss the app.", "set it to one of " + served + ", or add its name to frontDoor.domains.");
            }
            // Checked here and not in bindEgress: the reason is the app's, and the fix names the app.
            checks.require(!doc.has("app") || egress.mode() == EgressMode.ALLOWLIST, "egress.mode",
                "the app service verifies every user's sign-in token with the load balancer's public keys, which AWS serves only on"
                    + " the internet (https://public-keys.auth.elb." + aws.region() + ".amazonaws.com/<kid>); with egress.mode none the"
                    + " app's subnets have no path there and nobody could sign in.",
                "set \"egress\": {\"mode\": \"allowlist\", \"proxy\": {\"image\": \"<squid image in this account's ECR>\"}} and"
                    + " network.publicSubnetCidrs (outside production, \"network\": {\"nat\": \"instance\"} keeps the NAT cheap):"
                    + " the egress proxy admits that one host for the app, and only egress.allowedHosts for sandboxes (docs/operations.md).");
        }
        return new EnvironmentConfig(name, display, platform, production, aws, state, tags, network, bedrock, egress, pilot, data,
            sandbox, frontDoor, app, new EnvironmentConfig.Alerts(texts(doc.path("alerts").path("emails")), optionalText(doc.path("alerts"), "chatWebhookUrl")),
            bindCosts(doc.path("costs")), bindSchedule(doc.path("schedule"), production, checks));
    }

    private static final List<String> WEEKDAYS = List.of("MON", "TUE", "WED", "THU", "FRI");

    /** Office hours; the schema has checked the fields' shapes, this checks what they mean together. */
    private static Optional<OfficeHours> bindSchedule(JsonNode node, boolean production, Checks checks) {
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        checks.require(!production, "schedule", "a production environment runs around the clock: its users and the warm pool expect it.",
            "remove \"schedule\", or set \"production\": false.");
        String zone = node.get("timezone").textValue();
        try {
            java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            checks.problem("schedule.timezone", "'" + zone + "' is not a time zone Java's time-zone database knows.",
                "write an IANA zone such as \"Europe/Dublin\", \"America/New_York\" or \"UTC\".");
            return Optional.empty();
        }
        java.time.LocalTime start = java.time.LocalTime.parse(node.get("start").textValue());
        java.time.LocalTime stop = java.time.LocalTime.parse(node.get("stop").textValue());
        if (!stop.isAfter(start)) {
            checks.problem("schedule.stop", stop + " is not after start " + start + ": the hours must lie within one day.",
                "set stop later than start, e.g. \"start\": \"08:00\", \"stop\": \"19:00\".");
            return Optional.empty();
        }
        List<java.time.DayOfWeek> days = (node.has("days") ? texts(node.get("days")) : WEEKDAYS).stream()
            .map(day -> java.util.Arrays.stream(java.time.DayOfWeek.values()).filter(d -> d.name().startsWith(day)).findFirst().orElseThrow())
            .toList();
        return Optional.of(new OfficeHours(zone, days, start, stop));
    }

    private static EnvironmentConfig.Costs bindCosts(JsonNode node) {
        Optional<Long> budget = node.has("monthlyBudgetUsd") ? Optional.of(node.get("monthlyBudgetUsd").longValue()) : Optional.empty();
        JsonNode tokens = node.path("dailyTokens");
        Optional<EnvironmentConfig.DailyTokens> daily = tokens.isObject()
            ? Optional.of(new EnvironmentConfig.DailyTokens(tokens.get("input").longValue(), tokens.get("output").longValue()))
            : Optional.empty();
        return new EnvironmentConfig.Costs(budget, daily);
    }

    private static Data bindData(JsonNode node, boolean production, Checks checks) {
        JsonNode aurora = node.path("aurora");
        double minAcu = aurora.has("minAcu") ? aurora.get("minAcu").doubleValue() : production ? 0.5 : 0;
        double maxAcu = aurora.has("maxAcu") ? aurora.get("maxAcu").doubleValue() : 8;
        checks.require(maxAcu >= minAcu, "data.aurora.maxAcu", "maxAcu " + maxAcu + " is below minAcu " + minAcu + ".",
            "set maxAcu to at least " + minAcu + ", or lower minAcu.");
        checks.require(!(production && minAcu == 0), "data.aurora.minAcu",
            "a production cluster may not scale to zero: the first request after a pause waits for the database to resume.",
            "set minAcu to 0.5 or more (0.5 is the smallest running capacity).");
        checks.require(minAcu == 0 || !aurora.has("autoPauseSeconds"), "data.aurora.autoPauseSeconds",
            "auto-pause applies only to a cluster that may scale to zero (minAcu 0).", "remove autoPauseSeconds, or set minAcu to 0.");
        Optional<Integer> autoPause = minAcu == 0 ? Optional.of(aurora.has("autoPauseSeconds") ? aurora.get("autoPauseSeconds").intValue() : 900)
            : Optional.empty();

        JsonNode protectionNode = node.path("protection");
        boolean deletionProtection = boolOr(protectionNode, "deletionProtection", true);
        boolean finalSnapshot = boolOr(protectionNode, "finalSnapshot", true);
        boolean preventDestroy = boolOr(protectionNode, "preventDestroy", true);
        if (production) {
            for (String field : List.of("deletionProtection", "finalSnapshot", "preventDestroy")) {
                checks.require(boolOr(protectionNode, field, true), "data.protection." + field,
                    "a production environment may not switch off " + field + ".",
                    "remove data.protection." + field + " (it defaults to true), or set \"production\": false.");
            }
        }
        JsonNode proxy = node.path("proxy");
        boolean proxyEnabled = boolOr(proxy, "enabled", true);
        checks.require(!production || proxyEnabled, "data.proxy.enabled",
            "a production environment keeps RDS Proxy: it pools the app's and the orchestrator's connections and hides a failover from them.",
            "remove data.proxy.enabled (it defaults to true), or set \"production\": false.");
        JsonNode backup = node.path("backup");
        return new Data(
            textOr(aurora, "engineVersion", "16.6"), minAcu, maxAcu, intOr(aurora, "readers", 0), autoPause,
            intOr(aurora, "backupRetentionDays", production ? 35 : 7), intOr(aurora, "slowQueryMillis", 1000), proxyEnabled,
            intOr(proxy, "idleClientTimeoutSeconds", 1800), intOr(proxy, "connectionBorrowTimeoutSeconds", 120),
            intOr(proxy, "maxConnectionsPercent", 90), intOr(node.path("eventsBucket"), "noncurrentVersionExpiryDays", 30),
            textOr(backup, "schedule", "cron(0 3 * * ? *)"), intOr(backup, "retentionDays", 35),
            optionalText(backup, "copyToVaultArn"),
            new dev.openhands.platform.modules.data.DataProtection(deletionProtection, finalSnapshot, preventDestroy));
    }

    private static Sandbox bindSandbox(JsonNode node, Aws aws, boolean production, boolean withApp, Checks checks) {
        String region = aws.region();
        List<String> images = texts(node.get("images"));
        // Secure by default where users are: production with the app asks for the tool, so a production file must
        // name derived images or say "off" on purpose. Elsewhere it stays off until the images are built.
        EnvironmentConfig.DenyList denyList = textOr(node, "denyList", production && withApp ? "tool" : "off").equals("tool")
            ? EnvironmentConfig.DenyList.TOOL : EnvironmentConfig.DenyList.OFF;
        for (int i = 0; i < images.size(); i++) {
            java.util.regex.Matcher m = SandboxContainer.ECR_IMAGE.matcher(images.get(i));
            if (!m.matches()) {
                continue; // the schema names the field already
            }
            checks.require(m.group(2).equals(region), "sandbox.images[" + i + "]",
                "the image is in " + m.group(2) + ", but sandboxes pull through the VPC's ECR endpoints in " + region + ".",
                "replicate the repository to " + region + " (ECR replication) and name that copy.");
            checks.require(denyList == EnvironmentConfig.DenyList.OFF || !m.group(2).equals(region)
                    || EnvironmentConfig.DenyList.isDerived(images.get(i)), "sandbox.images[" + i + "]",
                "sandbox.denyList is \"tool\"" + (node.has("denyList") ? "" : " (the default in production)") + ": the app asks every"
                    + " sandbox for DenyListBashTool, which only the derived sandbox image registers, and '" + images.get(i)
                    + "' is not one (its tag does not end in -ohp-<commit>); a stock agent server refuses every conversation.",
                "build and push it with bash scripts/build-sandbox-image.sh --account " + aws.accountId() + " --region " + region
                    + " --sdk-checkout <software-agent-sdk clone> --sdk-ref <the agent-server commit app.openhandsVersion names> --push"
                    + " and name the image it prints, or set sandbox.denyList to"
                    + " \"off\" (V1 conversations then have confirmation mode only).");
        }
        int cpu = intOr(node, "cpu", 1024);
        int memory = intOr(node, "memoryMib", 4096);
        int[] range = SandboxContainer.FARGATE_SIZES.get(cpu);
        if (range != null) {
            checks.require(SandboxContainer.fitsFargate(cpu, memory), "sandbox.memoryMib",
                memory + " MiB is not a Fargate combination with cpu " + cpu + ".",
                "use " + range[0] + " to " + range[1] + " MiB in steps of " + range[2] + ", or change cpu.");
        }
        JsonNode pool = node.path("warmPool");
        int poolSize = intOr(pool, "size", 0);
        String webhooks = textOr(pool, "webhooks", "per-sandbox");
        checks.require(poolSize == 0 || !webhooks.equals("per-sandbox"), "sandbox.warmPool.size",
            "a pooled task starts before its conversation exists, so it can never have a per-sandbox webhook URL: every start would be cold"
                + " while the pool is billed.",
            "set warmPool.webhooks to \"shared\" (app servers that send one webhook URL for all sandboxes) or \"none\", or set size to 0.");
        Map<String, String> poolEnvironment = new LinkedHashMap<>();
        pool.path("environment").fields().forEachRemaining(e -> {
            checks.require(!RESERVED_SANDBOX_VARIABLES.contains(e.getKey()), "sandbox.warmPool.environment." + e.getKey(),
                "the orchestrator sets " + e.getKey() + " itself (a fresh value per task).", "remove it.");
            poolEnvironment.put(e.getKey(), e.getValue().textValue());
        });
        List<Statement> statements = new ArrayList<>();
        JsonNode extra = node.path("taskPolicyStatements");
        for (int i = 0; i < extra.size(); i++) {
            JsonNode statement = extra.get(i);
            List<String> actions = texts(statement.get("actions"));
            for (String action : actions) {
                checks.require(!PolicyDocument.grantsWholeService(action), "sandbox.taskPolicyStatements[" + i + "].actions",
                    "'" + action + "' grants a whole service.", "name the actions the agent needs, e.g. \"s3:GetObject\".");
            }
            statements.add(Statement.allow("Extra" + statement.get("sid").textValue(), actions, texts(statement.get("resources"))));
        }
        return new Sandbox(images, cpu, memory, intOr(node, "idleTimeoutMinutes", 120), intOr(node, "orphanGraceMinutes", 10),
            intOr(node, "stoppedRetentionDays", 30),
            poolSize, webhooks, poolEnvironment, statements, intOr(node, "apiRateLimitPerSecond", 50), intOr(node, "apiKeyVersion", 1),
            intOr(node, "logRetentionDays", 90),
            textOr(node, "capacity", production ? "on-demand" : "spot").equals("spot")
                ? dev.openhands.platform.modules.ecs.FargateCapacity.SPOT : dev.openhands.platform.modules.ecs.FargateCapacity.ON_DEMAND,
            denyList, boolOr(node, "tracing", production));
    }

    /**
     * What the agent may never run, by default: the commands that wipe or wedge a machine in one line and the classic
     * "pipe a download into a shell". Each is a regex over the command text; docs/operations.md says what that stops.
     */
    public static final List<String> DEFAULT_DENY_COMMANDS = List.of(
        "\\brm\\s+(-[A-Za-z]*\\s+)*-[A-Za-z]*[rR][A-Za-z]*\\s+(-[A-Za-z-]+\\s+)*/(\\*|\\s|$)",
        ":\\(\\)\\s*\\{\\s*:\\s*\\|\\s*:\\s*&\\s*\\}\\s*;\\s*:",
        "\\b(curl|wget)\\b[^|;&]*\\|\\s*(sudo\\s+)?(ba|da|z|k)?sh\\b",
        "\\bmkfs(\\.\\w+)?\\b",
        "\\bdd\\b[^;&|]*\\bof=/dev/(sd|nvme|xvd|hd)",
        "\\bchmod\\s+(-[A-Za-z]*\\s+)*-[A-Za-z]*R[A-Za-z]*\\s+0?777\\s+/(\\s|$)");

    private static EnvironmentConfig.App bindApp(JsonNode node, Aws aws, boolean production, Optional<Sandbox> sandbox, Checks checks) {
        String repository = node.get("repository").textValue();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(EnvironmentSchema.APP_REPOSITORY_PATTERN).matcher(repository);
        if (m.matches()) {
            checks.require(m.group(1).equals(aws.accountId()) && m.group(2).equals(aws.region()), "app.repository",
                "the repository is in account " + m.group(1) + ", region " + m.group(2) + "; app tasks pull only from this environment's ECR through"
                    + " the VPC's endpoints (account " + aws.accountId() + ", region " + aws.region() + ").",
                "push the derived image to " + aws.accountId() + ".dkr.ecr." + aws.region() + ".amazonaws.com/<repository> and name that.");
        }
        String publicUrl = node.get("publicUrl").textValue();
        int cpu = intOr(node, "cpu", 1024);
        int memory = intOr(node, "memoryMib", 2048);
        int[] range = SandboxContainer.FARGATE_SIZES.get(cpu);
        if (range != null) {
            checks.require(SandboxContainer.fitsFargate(cpu, memory), "app.memoryMib",
                memory + " MiB is not a Fargate combination with cpu " + cpu + ".",
                "use " + range[0] + " to " + range[1] + " MiB in steps of " + range[2] + ", or change cpu.");
        }
        int minTasks = intOr(node, "minTasks", production ? 2 : 1);
        int maxTasks = intOr(node, "maxTasks", Math.max(4, minTasks));
        checks.require(maxTasks >= minTasks, "app.maxTasks", "maxTasks " + maxTasks + " is below minTasks " + minTasks + ".",
            "set maxTasks to at least " + minTasks + ".");
        checks.require(!production || minTasks >= 2, "app.minTasks",
            "a production environment with one app task is down while that task is replaced or its zone fails.", "set minTasks to 2 or more.");
        List<String> deny = node.has("denyCommands") ? texts(node.get("denyCommands")) : DEFAULT_DENY_COMMANDS;
        for (int i = 0; i < deny.size(); i++) {
            try {
                java.util.regex.Pattern.compile(deny.get(i));
            } catch (java.util.regex.PatternSyntaxException e) {
                checks.problem("app.denyCommands[" + i + "]", "'" + deny.get(i) + "' is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex() + ".", "escape the character (\\\\ in JSON) or fix the expression.");
            }
        }
        sandbox.map(s -> s.warmPoolEnvironment().get("OH_WEBHOOKS_0_BASE_URL")).ifPresent(webhooks ->
            checks.require(webhooks.equals(publicUrl + "/api/v1/webhooks"), "sandbox.warmPool.environment.OH_WEBHOOKS_0_BASE_URL",
                "pooled sandboxes would call " + webhooks + ", but the app server tells sandboxes " + publicUrl + "/api/v1/webhooks: a pooled"
                    + " task would never match a start.", "set it to \"" + publicUrl + "/api/v1/webhooks\", or change app.publicUrl."));
        JsonNode alarms = node.path("alarms");
        return new EnvironmentConfig.App(textOr(node, "openhandsVersion", EnvironmentSchema.DEFAULT_OPENHANDS_VERSION), repository, publicUrl,
            cpu, memory, minTasks, maxTasks, intOr(node, "targetCpuPercent", 60), intOr(node, "requestsPerTarget", 600),
            boolOr(node, "confirmationMode", true), deny, boolOr(node, "ecsExec", false), boolOr(node, "readonlyRootFilesystem", true),
            intOr(node, "logRetentionDays", 90),
            new EnvironmentConfig.AppAlarms(intOr(alarms, "http5xxPercent", 5), intOr(alarms, "unhealthyTargets", 1),
                intOr(alarms, "cpuPercent", 85), intOr(alarms, "memoryPercent", 85), intOr(alarms, "startLatencySeconds", 120),
                intOr(alarms, "wafBlockedRequests", 500)));
    }

    /** Set per task by the orchestrator; a configured value would be overwritten or leak one key to every task. */
    static final List<String> RESERVED_SANDBOX_VARIABLES = List.of("SESSION_API_KEY", "OH_SESSION_API_KEYS_0", "OPENHANDS_SANDBOX_ID");

    private static State bindState(JsonNode node, String name, Aws aws) {
        String bucket = node.get("bucket").textValue();
        String region = textOr(node, "region", aws.region());
        String partition = dev.openhands.platform.modules.iam.AwsPartition.of(region);
        String kmsKeyId = textOr(node, "kmsKeyId", "arn:" + partition + ":kms:" + region + ":" + aws.accountId() + ":alias/" + bucket);
        return new State(bucket, textOr(node, "key", "openhands/" + name + "/terraform.tfstate"), region,
            optionalText(node, "roleArn"), kmsKeyId, intOr(node, "noncurrentVersionExpiryDays", 90));
    }

    /**
     * Environments sharing a state bucket share its bootstrap stack, so they must agree on what it creates; and
     * no two environments may write the same state object.
     */
    private static void checkSharedState(List<EnvironmentConfig> configs, List<ConfigProblem> problems) {
        Map<String, EnvironmentConfig> byBucket = new LinkedHashMap<>();
        Map<String, EnvironmentConfig> byObject = new LinkedHashMap<>();
        for (EnvironmentConfig config : configs) {
            State state = config.state();
            EnvironmentConfig first = byBucket.putIfAbsent(state.bucket(), config);
            if (first != null) {
                State other = first.state();
                boolean agree = other.region().equals(state.region()) && first.aws().accountId().equals(config.aws().accountId())
                    && other.noncurrentVersionExpiryDays() == state.noncurrentVersionExpiryDays();
                if (!agree) {
                    problems.add(new ConfigProblem(config.sourceFile(), "state", "shares bucket " + state.bucket() + " with "
                        + first.sourceFile() + " but differs in account, region or noncurrentVersionExpiryDays.",
                        "use the same account, state.region and state.noncurrentVersionExpiryDays in both, or another bucket."));
                }
            }
            EnvironmentConfig sameObject = byObject.putIfAbsent(state.bucket() + "/" + state.key(), config);
            if (sameObject != null) {
                problems.add(new ConfigProblem(config.sourceFile(), "state.key", "uses the same state object as "
                    + sameObject.sourceFile() + " (s3://" + state.bucket() + "/" + state.key() + ").",
                    "give each environment its own key, e.g. \"openhands/" + config.name() + "/terraform.tfstate\"."));
            }
        }
    }

    private static Egress bindEgress(JsonNode node, EnvironmentConfig.Platform platform, boolean production, String region, Checks checks) {
        EgressMode mode = EgressMode.valueOf(node.get("mode").textValue().toUpperCase());
        List<String> hosts = node.has("allowedHosts") ? texts(node.get("allowedHosts")) : List.of();
        boolean fargate = platform == EnvironmentConfig.Platform.ECS_FARGATE;
        if (mode == EgressMode.NONE) {
            checks.require(hosts.isEmpty(), "egress.allowedHosts", "egress.mode is none, so no host can be reached.",
                "remove egress.allowedHosts, or set egress.mode to \"allowlist\".");
            checks.require(!node.has("proxy"), "egress.proxy", "egress.mode is none, so there is no egress proxy.",
                "remove egress.proxy, or set egress.mode to \"allowlist\".");
            return new Egress(mode, List.of(), Optional.empty());
        }
        hosts = hosts.isEmpty() ? EnvironmentSchema.DEFAULT_ALLOWED_HOSTS : hosts;
        try {
            EgressProxyPolicy.checkHosts(hosts);
        } catch (IllegalArgumentException e) {
            checks.problem("egress.allowedHosts", e.getMessage() + ".", "list each host once, as a bare name (\".example.com\" admits its subdomains).");
        }
        if (!fargate) {
            checks.require(!node.has("proxy"), "egress.proxy", "the ec2-pilot host runs its own squid; egress.proxy describes the Fargate proxy service.",
                "remove egress.proxy.");
            return new Egress(mode, hosts, Optional.empty());
        }
        JsonNode proxy = node.path("proxy");
        checks.require(proxy.has("image"), "egress.proxy.image",
            "an ecs-fargate environment with egress.mode allowlist runs an egress proxy service, and it needs a squid image.",
            "mirror a squid image into this account's ECR and name it, e.g. \"egress\": {\"proxy\": {\"image\": \"<account>.dkr.ecr."
                + region + ".amazonaws.com/openhands/squid:<tag>\"}} (see docs/sandboxes.md).");
        String image = textOr(proxy, "image", "");
        java.util.regex.Matcher m = SandboxContainer.ECR_IMAGE.matcher(image);
        if (m.matches()) {
            checks.require(m.group(2).equals(region), "egress.proxy.image",
                "the image is in " + m.group(2) + ", but the proxy tasks pull through the VPC's ECR endpoints in " + region + ".",
                "replicate the repository to " + region + " (ECR replication) and name that copy.");
        }
        int desiredCount = intOr(proxy, "desiredCount", 2);
        checks.require(!production || desiredCount >= 2, "egress.proxy.desiredCount",
            "a production environment's sandboxes lose the internet while a single proxy task is replaced or its zone fails.",
            "set desiredCount to 2 or more (ECS spreads the tasks over the zones), or set \"production\": false.");
        return new Egress(mode, hosts, Optional.of(new EnvironmentConfig.EgressProxy(image, desiredCount, intOr(proxy, "logRetentionDays", 90))));
    }

    /** Example public blocks at the top of the VPC's block ({@code a.b.240.0/24}, ...), for fixes that ask for them. */
    static String examplePublicBlocks(String vpcCidr, int zones) {
        String[] octets = vpcCidr.split("[./]");
        String base = octets.length >= 2 ? octets[0] + "." + octets[1] : "10.0";
        List<String> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < Math.max(zones, 1); i++) {
            blocks.add("\"" + base + "." + (240 + i) + ".0/24\"");
        }
        return "[" + String.join(", ", blocks) + "]";
    }

    private static Network bindNetwork(JsonNode node, String region, EgressMode egress, EnvironmentConfig.Platform platform,
                                       boolean production, Checks checks) {
        String vpcText = node.get("vpcCidr").textValue();
        Optional<Ipv4Cidr> vpc = checks.cidr("network.vpcCidr", vpcText);
        vpc.ifPresent(block -> checks.require(block.isRfc1918(), "network.vpcCidr",
            vpcText + " is not inside an RFC 1918 private range.",
            "use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. \"10.40.0.0/16\"."));
        vpc.ifPresent(block -> checks.require(block.prefixLength() >= 16 && block.prefixLength() <= 28, "network.vpcCidr",
            "a VPC block must be between /16 and /28.", "use a prefix length from 16 to 28, e.g. \"10.40.0.0/16\"."));

        List<String> zones = texts(node.get("availabilityZones"));
        for (int i = 0; i < zones.size(); i++) {
            String zone = zones.get(i);
            checks.require(zone.startsWith(region) && zone.length() == region.length() + 1, "network.availabilityZones[" + i + "]",
                "'" + zone + "' is not a zone of region " + region + ".", "use zones such as \"" + region + "a\", \"" + region + "b\".");
        }
        List<String> privateSubnets = texts(node.get("privateSubnetCidrs"));
        List<String> publicSubnets = node.has("publicSubnetCidrs") ? texts(node.get("publicSubnetCidrs")) : List.of();
        checks.require(privateSubnets.size() == zones.size(), "network.privateSubnetCidrs",
            "lists " + privateSubnets.size() + " subnets for " + zones.size() + " availability zones.", "give exactly one private subnet per zone.");
        if (egress == EgressMode.ALLOWLIST) {
            checks.require(publicSubnets.size() == zones.size(), "network.publicSubnetCidrs",
                "egress.mode allowlist needs one public subnet per zone for the NAT gateway (found " + publicSubnets.size() + ").",
                "add \"publicSubnetCidrs\" with " + zones.size() + " small blocks inside vpcCidr, e.g. " + examplePublicBlocks(vpcText, zones.size()) + ".");
        } else {
            checks.require(publicSubnets.isEmpty() || publicSubnets.size() == zones.size(), "network.publicSubnetCidrs",
                "lists " + publicSubnets.size() + " public subnets for " + zones.size() + " availability zones.",
                "give exactly one public subnet per zone (they hold the front door's load balancer), or none.");
        }
        List<Ipv4Cidr> seen = new ArrayList<>();
        List<String> seenPaths = new ArrayList<>();
        checkSubnets("network.privateSubnetCidrs", privateSubnets, vpc, seen, seenPaths, checks);
        checkSubnets("network.publicSubnetCidrs", publicSubnets, vpc, seen, seenPaths, checks);
        int retention = node.has("flowLogRetentionDays") ? node.get("flowLogRetentionDays").intValue() : 90;
        boolean natInstance = "instance".equals(textOr(node, "nat", "gateway"));
        checks.require(!natInstance || egress == EgressMode.ALLOWLIST, "network.nat",
            "egress.mode none has no internet path, so there is no NAT to run on an instance.", "remove network.nat.");
        checks.require(!natInstance || !production, "network.nat",
            "a production environment keeps the NAT gateway: a NAT instance is one instance in one zone, and egress stops while it is replaced.",
            "remove network.nat (it defaults to gateway), or set \"production\": false.");
        return new Network(vpcText, zones, privateSubnets, publicSubnets, retention,
            bindEndpointZones(node, zones, platform, production, checks), natInstance);
    }

    /**
     * An interface endpoint is billed per zone it sits in; workloads in a zone without one still reach it across zones,
     * but lose it when its zones fail. So the pilot's host zone must hold them, and production keeps two.
     */
    private static List<String> bindEndpointZones(JsonNode node, List<String> zones, EnvironmentConfig.Platform platform,
                                                  boolean production, Checks checks) {
        if (!node.has("endpointZones")) {
            return zones;
        }
        List<String> chosen = texts(node.get("endpointZones"));
        for (int i = 0; i < chosen.size(); i++) {
            checks.require(zones.contains(chosen.get(i)), "network.endpointZones[" + i + "]",
                "'" + chosen.get(i) + "' is not one of network.availabilityZones " + zones + ".", "name zones from network.availabilityZones.");
        }
        if (!zones.isEmpty() && platform == EnvironmentConfig.Platform.EC2_PILOT) {
            checks.require(chosen.contains(zones.get(0)), "network.endpointZones",
                "the pilot host runs in the first zone, " + zones.get(0) + ", which has no endpoint: the host would depend on another zone.",
                "include \"" + zones.get(0) + "\" in network.endpointZones.");
        }
        checks.require(!production || chosen.size() >= 2, "network.endpointZones",
            "a production environment loses every AWS API its workloads call when the one zone with endpoints fails.",
            "name at least two zones, or remove network.endpointZones (endpoints in every zone).");
        // Keep the zones' order whatever the file's, so two orderings synthesize the same bytes.
        return zones.stream().filter(chosen::contains).toList();
    }

    private static void checkSubnets(String path, List<String> subnets, Optional<Ipv4Cidr> vpc, List<Ipv4Cidr> seen,
                                     List<String> seenPaths, Checks checks) {
        for (int i = 0; i < subnets.size(); i++) {
            String itemPath = path + "[" + i + "]";
            Optional<Ipv4Cidr> subnet = checks.cidr(itemPath, subnets.get(i));
            if (subnet.isEmpty()) {
                continue;
            }
            Ipv4Cidr block = subnet.get();
            vpc.ifPresent(v -> checks.require(v.contains(block), itemPath,
                block + " is outside the VPC block " + v + ".", "choose a block inside " + v + "."));
            checks.require(block.prefixLength() <= 28, itemPath, "a subnet must be /28 or larger.", "use a prefix length of 28 or less.");
            for (int j = 0; j < seen.size(); j++) {
                checks.require(!seen.get(j).overlaps(block), itemPath, block + " overlaps " + seen.get(j) + " (" + seenPaths.get(j) + ").",
                    "give every subnet its own block.");
            }
            seen.add(block);
            seenPaths.add(itemPath);
        }
    }

    private static Bedrock bindBedrock(JsonNode node, Checks checks) {
        List<String> models = texts(node.get("models"));
        for (int i = 0; i < models.size(); i++) {
            try {
                BedrockModelAccess.parse(models.get(i));
            } catch (IllegalArgumentException e) {
                checks.problem("bedrock.models[" + i + "]", e.getMessage() + ".",
                    "use a model id from the Bedrock console's model catalog, e.g. \"anthropic.claude-3-5-haiku-20241022-v1:0\", "
                        + "or its inference-profile id, e.g. \"eu.anthropic.claude-3-7-sonnet-20250219-v1:0\".");
            }
        }
        Map<String, List<String>> profileRegions = new LinkedHashMap<>();
        if (node.has("inferenceProfileRegions")) {
            Iterator<Map.Entry<String, JsonNode>> it = node.get("inferenceProfileRegions").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                profileRegions.put(e.getKey(), texts(e.getValue()));
            }
        }
        return new Bedrock(models, profileRegions);
    }

    private static Pilot bindPilot(JsonNode node, EgressMode egress, Checks checks) {
        String instanceType = textOr(node, "instanceType", "m7g.xlarge");
        Optional<PinnedAmi> ami = Optional.empty();
        if (node.has("ami")) {
            JsonNode amiNode = node.get("ami");
            ami = Optional.of(new PinnedAmi(amiNode.get("id").textValue(),
                Architecture.valueOf(amiNode.get("architecture").textValue().toUpperCase())));
        }
        Optional<Architecture> instanceArch = InstanceArchitecture.of(instanceType);
        if (instanceArch.isEmpty()) {
            checks.problem("pilot.instanceType", "'" + instanceType + "' is not an EC2 instance type this project can run on.",
                "use a Graviton type such as \"m7g.xlarge\" or \"t4g.large\".");
        } else {
            Architecture amiArch = ami.map(PinnedAmi::architecture).orElse(instanceArch.get());
            checks.require(instanceArch.get() == amiArch, "pilot.instanceType",
                "'" + instanceType + "' is " + label(instanceArch.get()) + " but pilot.ami.architecture is " + label(amiArch) + ".",
                instanceArch.get() == Architecture.X86_64
                    ? "use a Graviton type such as \"m7g.xlarge\" for an arm64 AMI, or pin an x86_64 AMI."
                    : "use an x86_64 type such as \"m7i.xlarge\" for an x86_64 AMI, or pin an arm64 AMI.");
        }
        HostProvisioning provisioning = HostProvisioning.valueOf(textOr(node, "hostProvisioning", "packages").toUpperCase().replace('-', '_'));
        if (provisioning == HostProvisioning.PACKAGES) {
            checks.require(egress == EgressMode.ALLOWLIST, "pilot.hostProvisioning",
                "'packages' installs Podman, squid and nftables from the Ubuntu archive at first boot, but egress.mode none gives the host no path to it: the host could not boot.",
                "set egress.mode to \"allowlist\", or bake an AMI with those packages and set hostProvisioning \"baked-image\" with pilot.ami.");
        } else {
            checks.require(ami.isPresent(), "pilot.hostProvisioning",
                "'baked-image' needs the pre-built image pinned: the stock Ubuntu image has no Podman.",
                "add \"ami\": {\"id\": \"ami-...\", \"architecture\": \"arm64\"} naming the image you baked (see docs/pilot-images.md).");
        }
        return new Pilot(instanceType, ami, provisioning,
            intOr(node, "rootVolumeGib", 100), boolOr(node, "detailedMonitoring", false), intOr(node, "logRetentionDays", 90),
            textOr(node, "openhandsVersion", "0.62"), boolOr(node, "confirmationMode", true));
    }

    private static String label(Architecture a) {
        return a == Architecture.ARM64 ? "arm64" : "x86_64";
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.textValue()));
        return out;
    }

    static Optional<String> optionalText(JsonNode node, String field) {
        return node.has(field) ? Optional.of(node.get(field).textValue()) : Optional.empty();
    }

    static String textOr(JsonNode node, String field, String fallback) {
        return node.has(field) ? node.get(field).textValue() : fallback;
    }

    static int intOr(JsonNode node, String field, int fallback) {
        return node.has(field) ? node.get(field).intValue() : fallback;
    }

    static boolean boolOr(JsonNode node, String field, boolean fallback) {
        return node.has(field) ? node.get(field).booleanValue() : fallback;
    }

    /** Collects semantic problems of one file. */
    private record Checks(String file, List<ConfigProblem> problems) {
        void problem(String path, String message, String fix) {
            problems.add(new ConfigProblem(file, path, message, fix));
        }

        void require(boolean ok, String path, String message, String fix) {
            if (!ok) {
                problem(path, message, fix);
            }
        }

        Optional<Ipv4Cidr> cidr(String path, String text) {
            try {
                return Optional.of(Ipv4Cidr.parse(text));
            } catch (IllegalArgumentException e) {
                problem(path, e.getMessage() + ".", EnvironmentSchema.CIDR_HINT);
                return Optional.empty();
            }
        }
    }
}
