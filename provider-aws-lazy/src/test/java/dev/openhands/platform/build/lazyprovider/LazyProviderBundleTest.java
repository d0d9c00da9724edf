package dev.openhands.platform.build.lazyprovider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LazyProviderBundleTest {

    static final String VERSION = LazyProviderBundle.VERIFIED_VERSION;
    static final String ENTRY = LazyProviderBundle.bundleEntry(VERSION);
    static final List<String> MODULES = List.of("vpc", "subnet", "provider");

    /** The provider jar Maven resolved and the bundle this module's build wrote from it (set by the POM). */
    static Path providerJar() {
        return Path.of(System.getProperty("provider.jar"));
    }

    static Path builtBundle() {
        return Path.of(System.getProperty("lazy.bundle.directory")).resolve(ENTRY);
    }

    @Test
    void theBuiltBundleDiffersFromTheProvidersOnlyInItsIndexWhichIsTheLazyRewrite() throws IOException {
        List<Bundles.Entry> original;
        try (JarFile jar = new JarFile(providerJar().toFile()); InputStream in = jar.getInputStream(jar.getEntry(ENTRY))) {
            original = Bundles.entries(in, LazyProviderBundle.INDEX);
        }
        List<Bundles.Entry> lazy;
        try (InputStream in = Files.newInputStream(builtBundle())) {
            lazy = Bundles.entries(in, LazyProviderBundle.INDEX);
        }

        assertThat(lazy).extracting(Bundles.Entry::name).containsExactlyElementsOf(original.stream().map(Bundles.Entry::name).toList());
        assertThat(lazy).hasSize(3708);
        for (int i = 0; i < original.size(); i++) {
            Bundles.Entry before = original.get(i);
            Bundles.Entry after = lazy.get(i);
            if (before.name().equals(LazyProviderBundle.INDEX)) {
                String rewritten = LazyIndex.rewrite(new String(before.content(), StandardCharsets.UTF_8),
                    LazyProviderBundle.VERIFIED_EXPORTS).source();
                assertThat(new String(after.content(), StandardCharsets.UTF_8)).isEqualTo(rewritten);
                // Only the size and checksum fields of its header changed.
                assertThat(Arrays.equals(before.header(), 0, 124, after.header(), 0, 124)).isTrue();
                assertThat(Arrays.equals(before.header(), 136, 148, after.header(), 136, 148)).isTrue();
                assertThat(Arrays.equals(before.header(), 156, 512, after.header(), 156, 512)).isTrue();
                assertThat(after.size()).isGreaterThan(before.size());
            } else {
                assertThat(after.header()).as(before.name()).isEqualTo(before.header());
                assertThat(after.sha256()).as(before.name()).isEqualTo(before.sha256());
            }
        }
    }

    @Test
    void rebuildingGivesTheSameBytes(@TempDir Path out) throws IOException {
        LazyProviderBundle.Outcome again = LazyProviderBundle.build(providerJar(),
            new LazyProviderBundle.Expectation(VERSION, LazyProviderBundle.VERIFIED_EXPORTS), out);
        assertThat(again.sha256()).isEqualTo(LazyProviderBundle.sha256(builtBundle()));
        assertThat(again.exports()).isEqualTo(1792);
    }

    @Test
    void anotherProviderVersionFailsTheBuildSayingWhatToDo(@TempDir Path out) {
        assertThatThrownBy(() -> LazyProviderBundle.main(new String[] {providerJar().toString(), "19.0.0", out.toString()}))
            .isInstanceOf(LayoutException.class)
            .hasMessageContaining("cdktf-provider-aws.version is 19.0.0")
            .hasMessageContaining("verified against " + VERSION + " only")
            .hasMessageContaining("docs/performance.md");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void aSmallBundleLaidOutLikeTheRealOneIsRewrittenEntryForEntry(@TempDir Path dir) throws IOException {
        Map<String, byte[]> files = Bundles.packageFiles(VERSION, MODULES, Bundles.eagerIndex(MODULES));
        Path jar = Bundles.providerJar(dir, VERSION, "provider-aws@" + VERSION + ".jsii.tgz", ENTRY,
            Bundles.gzip(Bundles.tar(files)));
        Path out = dir.resolve("out");

        LazyProviderBundle.Outcome outcome = LazyProviderBundle.build(jar, new LazyProviderBundle.Expectation(VERSION, 3), out);

        assertThat(outcome.bundle()).isEqualTo(out.resolve(ENTRY));
        List<Bundles.Entry> entries;
        try (InputStream in = Files.newInputStream(outcome.bundle())) {
            entries = Bundles.entries(in, LazyProviderBundle.INDEX);
        }
        assertThat(entries).extracting(Bundles.Entry::name).containsExactlyElementsOf(files.keySet());
        String index = new String(entries.get(entries.size() - 1).content(), StandardCharsets.UTF_8);
        assertThat(index).isEqualTo(LazyIndex.rewrite(Bundles.eagerIndex(MODULES), 3).source());
        // Same input, same bytes: the output does not depend on when or where it was built.
        LazyProviderBundle.Outcome again = LazyProviderBundle.build(jar, new LazyProviderBundle.Expectation(VERSION, 3),
            dir.resolve("again"));
        assertThat(again.sha256()).isEqualTo(outcome.sha256());
        try (Stream<Path> left = Files.list(outcome.bundle().getParent())) {
            assertThat(left).as("no partial file left behind").containsExactly(outcome.bundle());
        }
    }

    @Test
    void aJarWithoutTheBundleFails(@TempDir Path dir) throws IOException {
        Path jar = Bundles.providerJar(dir, VERSION, "provider-aws@" + VERSION + ".jsii.tgz", null, null);
        assertFails(jar, dir, "the jar has no " + ENTRY);
    }

    @Test
    void aJarOfAnotherVersionFails(@TempDir Path dir) throws IOException {
        Path jar = Bundles.providerJar(dir, "18.0.4", "provider-aws@" + VERSION + ".jsii.tgz", ENTRY,
            Bundles.gzip(Bundles.tar(Bundles.packageFiles(VERSION, MODULES, Bundles.eagerIndex(MODULES)))));
        assertFails(jar, dir, "Implementation-Version 18.0.4, expected " + VERSION);
    }

    @Test
    void aModuleClassNamingAnotherBundleFails(@TempDir Path dir) throws IOException {
        Path jar = Bundles.providerJar(dir, VERSION, "provider-aws@" + VERSION + ".jsii.tar.gz", ENTRY,
            Bundles.gzip(Bundles.tar(Bundles.packageFiles(VERSION, MODULES, Bundles.eagerIndex(MODULES)))));
        assertFails(jar, dir, "does not name provider-aws@" + VERSION + ".jsii.tgz");
    }

    @Test
    void aPackageJsonOfAnotherVersionFails(@TempDir Path dir) throws IOException {
        Path jar = Bundles.providerJar(dir, VERSION, "provider-aws@" + VERSION + ".jsii.tgz", ENTRY,
            Bundles.gzip(Bundles.tar(Bundles.packageFiles("18.1.0", MODULES, Bundles.eagerIndex(MODULES)))));
        assertFails(jar, dir, "package.json names @cdktf/provider-aws 18.1.0");
    }

    @Test
    void aModuleTheIndexDoesNotReExportFails(@TempDir Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>(Bundles.packageFiles(VERSION, MODULES, Bundles.eagerIndex(MODULES)));
        files.put("package/lib/ec2/index.js", "exports.Ec2 = class {};\n".getBytes(StandardCharsets.UTF_8));
        Path jar = Bundles.providerJar(dir, VERSION, "provider-aws@" + VERSION + ".jsii.tgz", ENTRY,
            Bundles.gzip(Bundles.tar(files)));
        assertFails(jar, dir, "modules not re-exported: [ec2]");
    }

    @Test
    void aTarEntryThatIsNotAPlainFileFails(@TempDir Path dir) throws IOException {
        byte[] tar = Bundles.tar(Bundles.packageFiles(VERSION, MODULES, Bundles.eagerIndex(MODULES)));
        byte[] withDirectory = new byte[tar.length + UstarCopy.BLOCK];
        System.arraycopy(Bundles.header("package/lib/", 0, (byte) '5'), 0, withDirectory, 0, UstarCopy.BLOCK);
        System.arraycopy(tar, 0, withDirectory, UstarCopy.BLOCK, tar.length);
        Path jar = Bundles.providerJar(dir, VERSION, "provider-aws@" + VERSION + ".jsii.tgz", ENTRY, Bundles.gzip(withDirectory));
        assertFails(jar, dir, "has type '5'");
    }

    @Test
    void aCorruptHeaderFails(@TempDir Path dir) throws IOException {
        byte[] tar = Bundles.tar(Bundles.packageFiles(VERSION, MODULES, Bundles.eagerIndex(MODULES)));
        tar[10] ^= 1;
        Path jar = Bundles.providerJar(dir, VERSION, "provider-aws@" + VERSION + ".jsii.tgz", ENTRY, Bundles.gzip(tar));
        assertFails(jar, dir, "bad header checksum");
    }

    @Test
    void aLayoutChangeInTheIndexFailsAndWritesNothing(@TempDir Path dir) throws IOException {
        String changed = Bundles.eagerIndex(MODULES).replace("exports.subnet = require(\"./subnet\");",
            "exports.subnet = __importStar(require(\"./subnet\"));");
        Path jar = Bundles.providerJar(dir, VERSION, "provider-aws@" + VERSION + ".jsii.tgz", ENTRY,
            Bundles.gzip(Bundles.tar(Bundles.packageFiles(VERSION, MODULES, changed))));
        assertFails(jar, dir, "lib/index.js line 11");
    }

    private static void assertFails(Path jar, Path dir, String message) throws IOException {
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> LazyProviderBundle.build(jar, new LazyProviderBundle.Expectation(VERSION, MODULES.size()), out))
            .isInstanceOf(LayoutException.class)
            .hasMessageContaining(message);
        if (Files.exists(out)) {
            try (Stream<Path> written = Files.walk(out)) {
                assertThat(written.filter(Files::isRegularFile)).as("nothing written").isEmpty();
            }
        }
    }
}
