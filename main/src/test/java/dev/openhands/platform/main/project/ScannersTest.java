package dev.openhands.platform.main.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.modules.guardrails.Rule;
import dev.openhands.platform.modules.guardrails.SecurityRules;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ecosystem's scanners (checkov, trivy config) over the synthesized stacks: the reviewed suppressions, the
 * mapping of every guard-rail to the scanners' checks in docs/guardrails.md, the plan workflow's scan job, and
 * scripts/scan.sh. The scanners cannot be installed here, so scan.sh runs against stand-ins on PATH that replay a
 * report checkov 3.3.13 wrote for the bundled stacks and a trivy report built in trivy v0.74.0's JSON shape.
 */
class ScannersTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = ProjectFiles.root();
    private static final Path SUPPRESSIONS = ROOT.resolve(".github/scanners/suppressions.yaml");
    private static final Path FIXTURES = ROOT.resolve("main/src/test/resources/scanners");
    private static final Map<String, Pattern> ID_SHAPES = Map.of(
        "checkov", Pattern.compile("^CKV2?_AWS_\\d+$"),
        "trivy", Pattern.compile("^AVD-AWS-\\d{4}$"));

    @TempDir
    Path temp;
    private Path fakeBin;
    private Path stacks;

    @BeforeEach
    void standInScannersAndTheBundledStacks() throws IOException {
        fakeBin = Files.createDirectories(temp.resolve("bin"));
        // Each stand-in records its arguments and copies the report named by an environment variable to where the
        // real tool writes it.
        writeExecutable(fakeBin.resolve("checkov"), """
            #!/usr/bin/env bash
            if [ "${1:-}" = "--version" ]; then echo "${FAKE_CHECKOV_VERSION}"; exit 0; fi
            echo "$*" > "$FAKE_LOG.checkov"
            out=""
            while [ $# -gt 0 ]; do case "$1" in --output-file-path) out=$2; shift;; esac; shift; done
            mkdir -p "$out" && cp "$FAKE_CHECKOV_REPORT" "$out/results_json.json"
            """);
        writeExecutable(fakeBin.resolve("trivy"), """
            #!/usr/bin/env bash
            if [ "${1:-}" = "--version" ]; then printf 'Version: %s\\n' "${FAKE_TRIVY_VERSION}"; exit 0; fi
            echo "$*" > "$FAKE_LOG.trivy"
            out=""
            while [ $# -gt 0 ]; do case "$1" in --output) out=$2; shift;; esac; shift; done
            cp "$FAKE_TRIVY_REPORT" "$out"
            """);
        stacks = temp.resolve("cdktf.out/stacks");
        try (var snapshots = Files.list(ROOT.resolve("main/src/test/resources/snapshots"))) {
            for (Path snapshot : snapshots.toList()) {
                String stack = snapshot.getFileName().toString().replace(".tf.json", "");
                Files.copy(snapshot, Files.createDirectories(stacks.resolve(stack)).resolve("cdk.tf.json"));
            }
        }
    }

    @Test
    void everySuppressionNamesAKnownCheckAReasonAndTheDocumentThatRecordsTheChoice() throws IOException {
        JsonNode doc = YAML.readTree(SUPPRESSIONS.toFile());
        assertThat(fieldNames(doc)).as(SUPPRESSIONS + " top-level keys").containsExactly("checkov", "trivy");
        Set<String> ruleIds = SecurityRules.ALL.stream().map(Rule::id).collect(Collectors.toSet());
        int entries = 0;
        for (String tool : List.of("checkov", "trivy")) {
            for (JsonNode entry : doc.path(tool)) {
                entries++;
                String where = SUPPRESSIONS.getFileName() + " " + tool + " " + entry.path("id").asText("(no id)");
                assertThat(fieldNames(entry)).as(where + " fields").isSubsetOf("id", "reason", "ref", "resources", "files");
                assertThat(entry.path("id").asText()).as(where + " id").matches(ID_SHAPES.get(tool));
                assertThat(entry.path("reason").asText().strip()).as(where + " reason").hasSizeGreaterThanOrEqualTo(20);
                String ref = entry.path("ref").asText();
                if (ref.startsWith("OH-")) {
                    assertThat(ruleIds).as(where + " ref names a guard-rail").contains(ref);
                } else {
                    assertThat(ref).as(where + " ref").matches("^docs/[A-Za-z0-9_.-]+\\.md(#[a-z0-9-]+)?$");
                    assertThat(ROOT.resolve(ref.replaceAll("#.*", ""))).as(where + " ref exists").isRegularFile();
                }
                for (String scope : List.of("resources", "files")) {
                    if (entry.has(scope)) {
                        assertThat(entry.get(scope).isArray() && !entry.get(scope).isEmpty()).as(where + " " + scope).isTrue();
                        entry.get(scope).forEach(p -> assertThat(p.asText()).as(where + " " + scope).isNotBlank());
                    }
                }
            }
        }
        assertThat(entries).isGreaterThan(20);
    }

    @Test
    void everyGuardrailMapsToTheScannersChecksAndNoneOfThoseIsSuppressed() throws IOException {
        Map<String, List<String>> mapping = mappingTable();
        assertThat(mapping.keySet()).as("docs/guardrails.md has one mapping row per rule in SecurityRules.ALL")
            .containsExactlyInAnyOrderElementsOf(SecurityRules.ALL.stream().map(Rule::id).toList());
        Set<String> mapped = new TreeSet<>();
        mapping.forEach((rule, cells) -> {
            assertThat(checkIds(cells.get(0), ID_SHAPES.get("checkov")))
                .as(rule + ": checkov ids (or 'none: why' of 20+ characters) in " + cells.get(0)).isNotEmpty();
            assertThat(checkIds(cells.get(1), ID_SHAPES.get("trivy")))
                .as(rule + ": trivy ids (or 'none: why' of 20+ characters) in " + cells.get(1)).isNotEmpty();
            mapped.addAll(checkIds(cells.get(0), ID_SHAPES.get("checkov")));
            mapped.addAll(checkIds(cells.get(1), ID_SHAPES.get("trivy")));
        });
        JsonNode doc = YAML.readTree(SUPPRESSIONS.toFile());
        Set<String> suppressed = new TreeSet<>();
        for (String tool : List.of("checkov", "trivy")) {
            doc.path(tool).forEach(entry -> suppressed.add(entry.path("id").asText()));
        }
        assertThat(suppressed).as("a scanner check that a guard-rail also enforces is never suppressed").doesNotContainAnyElementsOf(mapped);
    }

    @Test
    void thePlanWorkflowScansTheSynthesizedStacksWithThePinnedScanners() throws IOException {
        JsonNode scan = WorkflowsTest.load("plan.yml").at("/jobs/scan");
        assertThat(scan.isMissingNode()).as("plan.yml has a scan job").isFalse();
        assertThat(scan.path("needs").asText()).isEqualTo("build");
        assertThat(fieldNames(scan.path("permissions"))).as("the scan only reads the repository").containsExactly("contents");
        assertThat(scan.at("/permissions/contents").asText()).isEqualTo("read");
        assertThat(scan.at("/env/CHECKOV_VERSION").asText()).as("the version scripts/scan.sh pins").isEqualTo(pinned("CHECKOV_VERSION"));
        assertThat(scan.at("/env/TRIVY_VERSION").asText()).as("the version scripts/scan.sh pins").isEqualTo(pinned("TRIVY_VERSION"));

        List<JsonNode> steps = new ArrayList<>();
        scan.path("steps").forEach(steps::add);
        List<String> uses = steps.stream().map(s -> s.path("uses").asText()).toList();
        JsonNode download = steps.get(indexOf(uses, "actions/download-artifact@"));
        assertThat(download.at("/with/name").asText()).isEqualTo("cdktf-out");
        assertThat(download.at("/with/path").asText()).isEqualTo("cdktf.out/");
        JsonNode trivy = steps.get(indexOf(uses, "aquasecurity/setup-trivy@"));
        assertThat(trivy.path("uses").asText()).as("a third-party action is pinned by commit").matches("^aquasecurity/setup-trivy@[0-9a-f]{40}$");
        assertThat(trivy.at("/with/version").asText()).isEqualTo("v${{ env.TRIVY_VERSION }}");
        String install = stepNamed(steps, "Install checkov").path("run").asText();
        assertThat(install).isEqualTo("pip install \"checkov==$CHECKOV_VERSION\"");
        JsonNode run = stepNamed(steps, "Scan the synthesized stacks");
        assertThat(run.path("run").asText()).isEqualTo("bash scripts/scan.sh cdktf.out/stacks --require-trivy --report scan-summary.md --raw-reports scan-reports");
        assertThat(steps.indexOf(run)).as("tools and stacks are in place before the scan")
            .isGreaterThan(steps.indexOf(trivy)).isGreaterThan(steps.indexOf(download));
        JsonNode show = stepNamed(steps, "Show the findings");
        assertThat(show.path("if").asText()).as("findings are shown when the scan fails").isEqualTo("always()");
        assertThat(show.path("run").asText()).contains("cat scan-summary.md >> \"$GITHUB_STEP_SUMMARY\"");
    }

    @Test
    void withoutCheckovTheScanFailsNamingThePinnedInstallCommand() throws Exception {
        for (String dir : List.of("/usr/bin", "/bin")) {
            assertThat(Path.of(dir, "checkov")).as("this test needs a PATH without checkov").doesNotExist();
        }
        Result result = scan(Map.of("PATH", temp.resolve("empty") + ":/usr/bin:/bin"), stacks.toString());
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("checkov is not installed: pip install checkov==" + pinned("CHECKOV_VERSION"));
    }

    @Test
    void anotherCheckovVersionIsRefusedNamingThePinnedOne() throws Exception {
        Result result = scan(fakes(Map.of("FAKE_CHECKOV_VERSION", "3.2.0")), stacks.toString());
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("checkov 3.2.0 is installed").contains("pip install checkov==" + pinned("CHECKOV_VERSION"));
    }

    @Test
    void theReviewedSuppressionsCoverWhatTheScannersReportOnTheBundledStacks() throws Exception {
        assertThat(recordedResourcesExistInTheBundledStacks()).as("the recorded checkov report is about these stacks").isEqualTo(136);
        Path report = temp.resolve("summary.md");
        Path raw = temp.resolve("raw");
        Result result = scan(fakes(Map.of()), stacks.toString(), "--require-trivy", "--report", report.toString(), "--raw-reports", raw.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        String summary = Files.readString(report);
        assertThat(summary).contains("checkov " + pinned("CHECKOV_VERSION") + ", trivy " + pinned("TRIVY_VERSION"))
            .contains("**No finding outside the reviewed suppressions.**")
            .contains("163 suppressed finding(s)")
            .contains("| checkov | CKV_AWS_272 | `resource.sandbox-orchestrator_api_33DAC3E3` | prod/cdk.tf.json | the code is the jar")
            .doesNotContain("matched nothing");
        assertThat(result.output()).as("the summary goes to standard output too").contains("163 suppressed finding(s)");
        assertThat(raw.resolve("checkov.json")).hasSameTextualContentAs(FIXTURES.resolve("checkov-3.3.13-bundled-stacks.json"));
        assertThat(raw.resolve("trivy.json")).exists();

        String checkovArgs = Files.readString(temp.resolve("log.checkov")).strip();
        assertThat(checkovArgs).startsWith("--directory " + stacks + " --framework terraform_json --output json --output-file-path ")
            .endsWith(" --quiet --compact --soft-fail --skip-download");
        String trivyArgs = Files.readString(temp.resolve("log.trivy")).strip();
        assertThat(trivyArgs).startsWith("config --format json --output ")
            .contains(" --exit-code 0 --skip-check-update --cache-dir ").endsWith(" --misconfig-scanners terraform --quiet " + stacks);
    }

    @Test
    void aFindingOutsideTheSuppressionsFailsTheScanAndIsNamed() throws Exception {
        ObjectNode checkov = (ObjectNode) JSON.readTree(FIXTURES.resolve("checkov-3.3.13-bundled-stacks.json").toFile());
        ArrayNode failed = (ArrayNode) checkov.at("/results/failed_checks");
        // A check nobody suppressed, and a suppressed check on a resource outside the suppression's scope.
        failed.add(checkovFinding("CKV_AWS_21", "Ensure all data stored in the S3 bucket have versioning enabled",
            "aws_s3_bucket.events_bucket_B12DB428", "/prod/cdk.tf.json"));
        failed.add(checkovFinding("CKV_AWS_126", "Ensure that detailed monitoring is enabled for EC2 instances",
            "resource.bastion_instance_0BADC0DE", "/pilot/cdk.tf.json"));
        ObjectNode trivy = (ObjectNode) JSON.readTree(FIXTURES.resolve("trivy-0.74.0-constructed.json").toFile());
        for (JsonNode result : trivy.path("Results")) {
            if (result.path("Target").asText().equals("prod/cdk.tf.json")) {
                ObjectNode egress = ((ArrayNode) result.path("Misconfigurations")).addObject();
                egress.put("ID", "AWS-0104").put("Title", "A security group rule should not allow unrestricted egress to any IP address.")
                    .put("Severity", "CRITICAL").put("Status", "FAIL").putObject("CauseMetadata")
                    .put("Resource", "aws_vpc_security_group_egress_rule.sandbox-template_internet-443_156EDBC7");
            }
        }
        Result result = scan(fakes(Map.of("FAKE_CHECKOV_REPORT", write("checkov.json", checkov), "FAKE_TRIVY_REPORT", write("trivy.json", trivy))),
            stacks.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output())
            .contains("**3 finding(s) that no reviewed suppression covers")
            .contains("| checkov | CKV_AWS_21 | - | `aws_s3_bucket.events_bucket_B12DB428` | prod/cdk.tf.json:10-20 |")
            .contains("| checkov | CKV_AWS_126 | - | `resource.bastion_instance_0BADC0DE` | pilot/cdk.tf.json:10-20 |")
            .contains("| trivy | AWS-0104 | CRITICAL | `aws_vpc_security_group_egress_rule.sandbox-template_internet-443_156EDBC7` | prod/cdk.tf.json |")
            .contains("scan: trivy AWS-0104 on aws_vpc_security_group_egress_rule.sandbox-template_internet-443_156EDBC7 (prod/cdk.tf.json)")
            .contains("163 suppressed finding(s)");
    }

    @Test
    void withoutTrivyOnlyCheckovRunsAndSaysSoUnlessTrivyIsRequired() throws Exception {
        Files.delete(fakeBin.resolve("trivy"));
        Map<String, String> env = fakes(Map.of());
        Result local = scan(env, stacks.toString());
        assertThat(local.exitCode()).as(local.output()).isZero();
        assertThat(local.output()).contains("## IaC scanners over the synthesized stacks (checkov " + pinned("CHECKOV_VERSION") + ")")
            .contains("- trivy is not installed here, so only checkov ran (install trivy " + pinned("TRIVY_VERSION"))
            .contains("136 suppressed finding(s)");

        Result ci = scan(env, stacks.toString(), "--require-trivy");
        assertThat(ci.exitCode()).as(ci.output()).isEqualTo(2);
        assertThat(ci.output()).contains("trivy is not installed: install trivy " + pinned("TRIVY_VERSION"));
    }

    @Test
    void aScanThatFindsNoStackFailsInsteadOfPassing() throws Exception {
        Result missing = scan(fakes(Map.of()), temp.resolve("nowhere").toString());
        assertThat(missing.exitCode()).as(missing.output()).isEqualTo(2);
        assertThat(missing.output()).contains("no stacks directory at " + temp.resolve("nowhere") + ": run bin/openhands synth first");

        // What checkov 3.3.13 prints when no report has a result: the bare summary.
        String nothing = "{\"passed\": 0, \"failed\": 0, \"skipped\": 0, \"parsing_errors\": 0, \"resource_count\": 0, \"checkov_version\": \"3.3.13\"}";
        Path empty = temp.resolve("empty.json");
        Files.writeString(empty, nothing);
        Result blind = scan(fakes(Map.of("FAKE_CHECKOV_REPORT", empty.toString())), stacks.toString());
        assertThat(blind.exitCode()).as(blind.output()).isEqualTo(2);
        assertThat(blind.output()).contains("checkov evaluated no check: it found no cdk.tf.json under the stacks directory");
    }

    @Test
    void aSuppressionWithoutAReasonIsRefusedNamingTheEntryAndTheFix() throws Exception {
        Path suppressions = temp.resolve("suppressions.yaml");
        Files.writeString(suppressions, """
            checkov:
              - id: CKV_AWS_18
                reason: not needed
                ref: docs/data.md
            """);
        Result result = run(Map.of(), List.of("python3", ROOT.resolve("scripts/scan_findings.py").toString(),
            "--suppressions", suppressions.toString(), "--checkov", FIXTURES.resolve("checkov-3.3.13-bundled-stacks.json").toString(),
            "--checkov-version", "3.3.13", "--report", temp.resolve("r.md").toString()));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains(suppressions + ": checkov[0] (CKV_AWS_18): reason must say why in at least 20 characters");

        Files.writeString(suppressions, """
            trivy:
              - id: CKV_AWS_18
                reason: a reason that is long enough to pass
                ref: docs/data.md
            """);
        result = run(Map.of(), List.of("python3", ROOT.resolve("scripts/scan_findings.py").toString(),
            "--suppressions", suppressions.toString(), "--checkov", FIXTURES.resolve("checkov-3.3.13-bundled-stacks.json").toString(),
            "--checkov-version", "3.3.13", "--report", temp.resolve("r.md").toString()));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("trivy[0] (CKV_AWS_18): id 'CKV_AWS_18' is not a trivy check id. Fix: write it like AVD-AWS-0104");
    }

    /** Counts the recorded findings whose resource is a resource of the bundled stack the finding names. */
    private int recordedResourcesExistInTheBundledStacks() throws IOException {
        int found = 0;
        for (JsonNode finding : JSON.readTree(FIXTURES.resolve("checkov-3.3.13-bundled-stacks.json").toFile()).at("/results/failed_checks")) {
            JsonNode stack = JSON.readTree(stacks.resolve(finding.path("file_path").asText().substring(1)).toFile());
            String[] address = finding.path("resource").asText().split("\\.", 2);
            Iterator<Map.Entry<String, JsonNode>> types = stack.path("resource").fields();
            while (types.hasNext()) {
                Map.Entry<String, JsonNode> type = types.next();
                if ((address[0].equals("resource") || address[0].equals(type.getKey())) && type.getValue().has(address[1])) {
                    found++;
                    break;
                }
            }
        }
        return found;
    }

    private static ObjectNode checkovFinding(String id, String name, String resource, String file) {
        ObjectNode finding = JSON.createObjectNode().put("check_id", id).put("check_name", name).put("resource", resource).put("file_path", file);
        finding.putArray("file_line_range").add(10).add(20);
        return finding;
    }

    private String write(String name, JsonNode content) throws IOException {
        Path file = temp.resolve(name);
        JSON.writeValue(file.toFile(), content);
        return file.toString();
    }

    /** The mapping table of docs/guardrails.md: rule id to its checkov and trivy cells. */
    private static Map<String, List<String>> mappingTable() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/guardrails.md"));
        int start = doc.indexOf("| our id | checkov ids | trivy ids | notes |");
        assertThat(start).as("docs/guardrails.md has the mapping table").isNotNegative();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : doc.substring(start).split("\n")) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|", -1);
            String rule = cells[1].strip();
            if (rule.startsWith("OH-")) {
                assertThat(rows.put(rule, List.of(cells[2].strip(), cells[3].strip()))).as(rule + " appears once").isNull();
            }
        }
        return rows;
    }

    /** The check ids of a mapping cell; a cell reading "none: why" counts as one entry when it says why. */
    private static Set<String> checkIds(String cell, Pattern shape) {
        if (cell.startsWith("none: ")) {
            return cell.length() >= "none: ".length() + 20 ? Set.of("none") : Set.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : cell.split(",\\s*")) {
            assertThat(id).as("check id in the mapping table").matches(shape);
            ids.add(id);
        }
        return ids;
    }

    private static String pinned(String variable) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + variable + "=(\\S+)$").matcher(Files.readString(ROOT.resolve("scripts/scan.sh")));
        assertThat(m.find()).as("scripts/scan.sh pins " + variable).isTrue();
        return m.group(1);
    }

    private Map<String, String> fakes(Map<String, String> overrides) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", fakeBin + File.pathSeparator + System.getenv("PATH"));
        env.put("FAKE_LOG", temp.resolve("log").toString());
        env.put("FAKE_CHECKOV_VERSION", pinned("CHECKOV_VERSION"));
        env.put("FAKE_TRIVY_VERSION", pinned("TRIVY_VERSION"));
        env.put("FAKE_CHECKOV_REPORT", FIXTURES.resolve("checkov-3.3.13-bundled-stacks.json").toString());
        env.put("FAKE_TRIVY_REPORT", FIXTURES.resolve("trivy-0.74.0-constructed.json").toString());
        env.putAll(overrides);
        return env;
    }

    private Result scan(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/scan.sh").toString()));
        command.addAll(List.of(args));
        return run(env, command);
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(Map<String, String> env, List<String> command) throws Exception {
        Path output = temp.resolve("output-" + System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command) + " finishes").isTrue();
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static void writeExecutable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }

    private static int indexOf(List<String> uses, String prefix) {
        for (int i = 0; i < uses.size(); i++) {
            if (uses.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no step uses " + prefix + " in " + uses);
    }

    private static JsonNode stepNamed(List<JsonNode> steps, String name) {
        return steps.stream().filter(s -> s.path("name").asText().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no step named " + name));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
