package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.stacks.SeparateJvmSynth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.jsii.JsiiModule;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lazily loading provider bundle (module provider-aws-lazy) is the one jsii loads, and changes nothing in what is
 * synthesized; and a CLI run leaves nothing in its temp directory.
 *
 * <p>Two JVMs synthesize every bundled environment through the CLI: one with this test's class path, where the lazy
 * bundle comes first as in the packaged jar's {@code Class-Path}, and one with the lazy bundle's entry taken out, so
 * jsii loads the provider's own bundle. Each gets a temp directory of its own (Java's and Node's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LazyProviderBundleSynthTest {

    /** What the provider-aws-lazy build writes in place of the generated-by line of lib/index.js. */
    static final String MARKER = "re-exports made lazy by openhands provider-aws-lazy";

    private static final Pattern PROVIDER_REQUIRE = Pattern.compile(
        "\\[@jsii/kernel:timing] require\\(\\S*/node_modules/@cdktf/provider-aws/lib/index\\.js\\): (\\S+)");

    record Synth(Path output, Path temp, String log) {
    }

    JsiiModule provider;
    Path lazyEntry;
    List<String> classPath;
    Synth lazy;
    Synth eager;

    @BeforeAll
    void synthesizeEveryEnvironmentWithAndWithoutTheLazyBundle(@TempDir Path dir) throws Exception {
        provider = (JsiiModule) Class.forName("com.hashicorp.cdktf.providers.aws.$Module").getConstructor().newInstance();
        classPath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        List<Path> bundles = classPath.stream().map(Path::of).filter(this::holdsOnlyTheBundle).toList();
        assertThat(bundles).as("exactly one class path entry with the provider's bundle and not its classes: the lazy"
            + " bundle (module provider-aws-lazy, built before main); class path: " + classPath).hasSize(1);
        lazyEntry = bundles.get(0);
        List<String> withoutLazy = classPath.stream().filter(e -> !Path.of(e).equals(lazyEntry)).toList();

        lazy = synth(dir.resolve("lazy"), classPath);
        eager = synth(dir.resolve("eager"), withoutLazy);
    }

    @Test
    void theLazyBundleComesBeforeTheProvidersOwn() throws IOException {
        String resource = "com/hashicorp/cdktf/providers/aws/" + provider.getBundleResourceName();
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources(resource));
        assertThat(copies).hasSize(2);
        assertThat(copies.get(0).toString()).as("the copy jsii gets").contains(lazyEntry.toAbsolutePath().toString())
            .doesNotContain("cdktf-provider-aws");
        assertThat(copies.get(1).toString()).contains("cdktf-provider-aws-" + provider.getModuleVersion() + ".jar");
        assertThat(classPath.indexOf(lazyEntry.toString()))
            .isLessThan(classPath.stream().filter(e -> e.contains("cdktf-provider-aws")).map(classPath::indexOf).findFirst().orElseThrow());
    }

    @Test
    void everyStackIsByteForByteTheSameWithAndWithoutTheLazyBundle() throws IOException {
        TreeMap<String, byte[]> withLazy = SeparateJvmSynth.files(lazy.output());
        TreeMap<String, byte[]> withEager = SeparateJvmSynth.files(eager.output());

        assertThat(withLazy.keySet()).contains("manifest.json", "stacks/pilot/cdk.tf.json", "stacks/pilot-isolated/cdk.tf.json",
            "stacks/staging/cdk.tf.json", "stacks/prod/cdk.tf.json");
        assertThat(withLazy.keySet().stream().filter(f -> f.endsWith("cdk.tf.json")).count())
            .as("one cdk.tf.json per bundled environment plus the state bootstraps")
            .isGreaterThanOrEqualTo(environmentFiles() + 1);
        assertThat(withEager.keySet()).isEqualTo(withLazy.keySet());
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : withLazy.entrySet()) {
            int at = Arrays.mismatch(file.getValue(), withEager.get(file.getKey()));
            if (at >= 0) {
                differing.add(file.getKey() + " at byte " + at);
            }
        }
        assertThat(differing).as("files that differ between the lazy and the provider's own bundle").isEmpty();
    }

    /**
     * Evidence that Node required the lazy bundle in one run and the provider's own in the other: each run's bundle
     * is in jsii's package cache under its own digest, only the lazy one carries the rewrite's marker, and the
     * provider's {@code require} (jsii's own timing) takes a fraction of the eager one.
     */
    @Test
    void nodeLoadedTheLazyBundleOnlyWhenItWasFirst() throws Exception {
        Path lazyIndex = cachedIndex(lazyBundleBytes());
        Path eagerIndex = cachedIndex(providerBundleBytes());
        assertThat(lazyIndex).isNotEqualTo(eagerIndex);
        assertThat(Files.readString(lazyIndex)).contains(MARKER).doesNotContain("exports.vpc = require(\"./vpc\");");
        assertThat(Files.readString(eagerIndex)).doesNotContain(MARKER).contains("exports.vpc = require(\"./vpc\");");

        double lazyMs = providerRequireMillis(lazy);
        double eagerMs = providerRequireMillis(eager);
        assertThat(lazyMs).as("provider require, lazy %.0f ms vs eager %.0f ms", lazyMs, eagerMs).isLessThan(eagerMs / 3);
    }

    @Test
    void aCliRunLeavesNothingInTheTempDirectory() throws IOException {
        for (Synth run : List.of(lazy, eager)) {
            try (Stream<Path> left = Files.list(run.temp())) {
                assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .as("left in %s (jsii-java-runtime* is jsii's unpacked runtime, jsii-kernel-* Node's)", run.temp())
                    .isEmpty();
            }
        }
    }

    private Synth synth(Path dir, List<String> classPath) throws IOException, InterruptedException {
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("JSII_DEBUG_TIMING", "1");
        env.put("JSII_RUNTIME_PACKAGE_CACHE", "enabled");
        SeparateJvmSynth.Run run = SeparateJvmSynth.run(dir.resolve("cdktf.out"), classPath, temp, env);
        return new Synth(run.outdir(), temp, run.output());
    }

    private boolean holdsOnlyTheBundle(Path entry) {
        String resource = "com/hashicorp/cdktf/providers/aws/" + provider.getBundleResourceName();
        String moduleClass = "com/hashicorp/cdktf/providers/aws/$Module.class";
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve(resource)) && !Files.exists(entry.resolve(moduleClass));
        }
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return false;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.getEntry(resource) != null && jar.getEntry(moduleClass) == null;
        } catch (IOException e) {
            return false;
        }
    }

    private byte[] lazyBundleBytes() throws IOException {
        String resource = "com/hashicorp/cdktf/providers/aws/" + provider.getBundleResourceName();
        if (Files.isDirectory(lazyEntry)) {
            return Files.readAllBytes(lazyEntry.resolve(resource));
        }
        try (JarFile jar = new JarFile(lazyEntry.toFile()); InputStream in = jar.getInputStream(jar.getEntry(resource))) {
            return in.readAllBytes();
        }
    }

    private byte[] providerBundleBytes() throws IOException {
        String resource = "com/hashicorp/cdktf/providers/aws/" + provider.getBundleResourceName();
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources(resource));
        try (InputStream in = copies.get(copies.size() - 1).openStream()) {
            return in.readAllBytes();
        }
    }

    /**
     * The {@code lib/index.js} jsii extracted this bundle to: its package cache keys an entry by the SHA-256 of the
     * tarball, a NUL, the package name, a NUL and the version ({@code @jsii/kernel}'s {@code digestFile}).
     */
    private Path cachedIndex(byte[] bundle) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(new java.io.ByteArrayInputStream(bundle), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        for (String part : List.of(provider.getModuleName(), provider.getModuleVersion())) {
            sha.update((byte) 0);
            sha.update(part.getBytes(StandardCharsets.UTF_8));
        }
        String configured = System.getenv("JSII_RUNTIME_PACKAGE_CACHE_ROOT");
        Path root = configured != null ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cache", "aws", "jsii", "package-cache");
        Path index = root.resolve(provider.getModuleName()).resolve(provider.getModuleVersion())
            .resolve(HexFormat.of().formatHex(sha.digest())).resolve("lib").resolve("index.js");
        assertThat(index).as("jsii's package cache entry for this bundle").isRegularFile();
        return index;
    }

    /** jsii's own timing of {@code require(@cdktf/provider-aws)}, as console.timeEnd prints it (ms, s or m:ss.mmm). */
    static double providerRequireMillis(Synth run) {
        Matcher m = PROVIDER_REQUIRE.matcher(run.log());
        assertThat(m.find()).as("jsii timing of the provider's require in:\n" + run.log()).isTrue();
        return parseConsoleTime(m.group(1));
    }

    static double parseConsoleTime(String text) {
        if (text.endsWith("ms")) {
            return Double.parseDouble(text.substring(0, text.length() - 2));
        }
        if (text.endsWith("s")) {
            return Double.parseDouble(text.substring(0, text.length() - 1)) * 1000;
        }
        String[] parts = text.replaceAll("\\s*\\(.*", "").split(":");
        double ms = 0;
        for (String part : parts) {
            ms = ms * 60 + Double.parseDouble(part);
        }
        return ms * 1000;
    }

    private static long environmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(ProjectFiles.environments())) {
            return files.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().endsWith(".schema.json")).count();
        }
    }
}
