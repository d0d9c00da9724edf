package dev.openhands.platform.build.lazyprovider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;

/**
 * Build step (run by the provider-aws-lazy module's POM): reads the cdktf-provider-aws jar, rewrites the
 * {@code lib/index.js} inside its jsii bundle ({@code provider-aws@VERSION.jsii.tgz}) with {@link LazyIndex}, and
 * writes the repacked bundle at the same resource path under an output directory that becomes a jar of its own.
 * Placed first on the classpath, that jar's bundle is the one the provider's {@code $Module} class hands to jsii.
 *
 * <p>It is pinned to the provider version whose layout was checked by hand ({@link #VERIFIED_VERSION}) and fails the
 * build, with what to do, when the version or the layout differs: a provider upgrade cannot quietly ship an eager or
 * broken bundle.
 */
public final class LazyProviderBundle {

    /** The cdktf-provider-aws version whose bundle this rewrite was checked against. */
    public static final String VERIFIED_VERSION = "18.0.3";
    /** How many resource modules that version's {@code lib/index.js} re-exports. */
    public static final int VERIFIED_EXPORTS = 1792;

    static final String PACKAGE_NAME = "@cdktf/provider-aws";
    static final String RESOURCE_DIRECTORY = "com/hashicorp/cdktf/providers/aws/";
    static final String MODULE_CLASS = RESOURCE_DIRECTORY + "$Module.class";
    static final String INDEX = "package/lib/index.js";
    static final String PACKAGE_JSON = "package/package.json";

    private static final String UPGRADE_HELP = "The lazy-loading rewrite of the provider bundle is pinned to what it was"
        + " checked against, so that a provider upgrade cannot quietly produce an eager or broken bundle. See"
        + " docs/performance.md, section \"How the lazy-loading step keeps working when the provider version changes\".";

    private LazyProviderBundle() {
    }

    /** What the bundle must look like. */
    public record Expectation(String version, int exports) {
    }

    /** What was written. */
    public record Outcome(Path bundle, int exports, long bytes, String sha256) {
    }

    /**
     * {@code LazyProviderBundle PROVIDER_JAR PROVIDER_VERSION OUTPUT_DIRECTORY}: the jar Maven resolved, the POM's
     * {@code cdktf-provider-aws.version}, and the directory the bundle jar is made from.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 4) {
            throw new IllegalArgumentException(
                "usage: LazyProviderBundle PROVIDER_JAR PROVIDER_VERSION OUTPUT_DIRECTORY [STAMP_FILE]");
        }
        Path jar = Path.of(args[0]);
        String version = args[1];
        Path output = Path.of(args[2]);
        if (!version.equals(VERIFIED_VERSION)) {
            throw new LayoutException("provider-aws-lazy: cdktf-provider-aws.version is " + version + ", but the lazy-loading"
                + " rewrite was verified against " + VERIFIED_VERSION + " only. " + UPGRADE_HELP);
        }
        Path stamp = args.length == 4 ? Path.of(args[3]) : null;
        String inputs = stamp == null ? null : inputsFingerprint(jar, version);
        Path existing = output.resolve(bundleEntry(version));
        if (stamp != null && Files.isRegularFile(stamp) && Files.isRegularFile(existing)
            && Files.readString(stamp).equals(inputs + " " + sha256(existing) + "\n")) {
            System.out.println("provider-aws-lazy: " + existing + " is up to date (same provider jar, same rewriter)");
            return;
        }
        Outcome outcome;
        try {
            outcome = build(jar, new Expectation(VERIFIED_VERSION, VERIFIED_EXPORTS), output);
        } catch (LayoutException e) {
            throw new LayoutException("provider-aws-lazy: the cdktf-provider-aws " + version + " bundle in " + jar
                + " is not laid out as expected: " + e.getMessage() + ". " + UPGRADE_HELP);
        }
        if (stamp != null) {
            Files.writeString(stamp, inputs + " " + outcome.sha256() + "\n");
        }
        System.out.println("provider-aws-lazy: " + outcome.exports() + " re-exports of " + PACKAGE_NAME + " " + version
            + " lib/index.js made lazy; wrote " + outcome.bundle() + " (" + outcome.bytes() + " bytes, sha256 "
            + outcome.sha256() + ")");
    }

    /**
     * What the output depends on: the provider bundle's entry in the jar (name, size, CRC from the jar's directory,
     * no need to read it) and this rewriter's own classes. Equal fingerprints and an unchanged output let a rebuild
     * skip the ~10 s rewrite.
     */
    static String inputsFingerprint(Path providerJar, String version) throws IOException {
        try (JarFile jar = new JarFile(providerJar.toFile())) {
            ZipEntry entry = jar.getEntry(bundleEntry(version));
            if (entry == null) {
                return "no-bundle";
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((entry.getName() + "\0" + entry.getSize() + "\0" + entry.getCrc() + "\0" + VERIFIED_EXPORTS)
                .getBytes(StandardCharsets.UTF_8));
            for (Class<?> type : List.of(LazyProviderBundle.class, LazyIndex.class, UstarCopy.class)) {
                try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                    digest.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String bundleEntry(String version) {
        return RESOURCE_DIRECTORY + "provider-aws@" + version + ".jsii.tgz";
    }

    /** Rewrites the bundle of {@code providerJar} into {@code outputDirectory}, checking it against {@code expected}. */
    public static Outcome build(Path providerJar, Expectation expected, Path outputDirectory) throws IOException {
        String entryName = bundleEntry(expected.version());
        Path target = outputDirectory.resolve(entryName);
        Path partial = null;
        try (JarFile jar = new JarFile(providerJar.toFile())) {
            checkJar(jar, expected.version(), entryName);
            ZipEntry entry = jar.getEntry(entryName);
            Files.createDirectories(target.getParent());
            partial = Files.createTempFile(target.getParent(), ".provider-aws-", ".partial");
            Set<String> submodules = new TreeSet<>();
            IndexHolder index = new IndexHolder();
            List<String> names;
            try (InputStream raw = jar.getInputStream(entry);
                 InputStream tar = new GZIPInputStream(raw, 64 * 1024);
                 OutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20), 64 * 1024)) {
                names = UstarCopy.copy(tar, gzip, Set.of(INDEX, PACKAGE_JSON), (name, content) -> {
                    if (name.equals(PACKAGE_JSON)) {
                        checkPackageJson(content, expected.version());
                        return content;
                    }
                    LazyIndex.Result result = LazyIndex.rewrite(new String(content, StandardCharsets.UTF_8), expected.exports());
                    index.set(result);
                    return result.source().getBytes(StandardCharsets.UTF_8);
                });
            }
            for (String name : names) {
                if (!name.startsWith("package/")) {
                    throw new LayoutException("tar entry " + name + " is outside package/");
                }
                String[] parts = name.split("/");
                if (parts.length == 4 && parts[1].equals("lib") && parts[3].equals("index.js")) {
                    submodules.add(parts[2]);
                }
            }
            if (new HashSet<>(names).size() != names.size()) {
                throw new LayoutException("the bundle has duplicate tar entries");
            }
            if (!names.contains(PACKAGE_JSON)) {
                throw new LayoutException("the bundle has no " + PACKAGE_JSON);
            }
            if (index.result == null) {
                throw new LayoutException("the bundle has no " + INDEX);
            }
            Set<String> exported = new TreeSet<>();
            index.result.exports().forEach(e -> exported.add(e.module()));
            if (!exported.equals(submodules)) {
                Set<String> notExported = new TreeSet<>(submodules);
                notExported.removeAll(exported);
                Set<String> missing = new TreeSet<>(exported);
                missing.removeAll(submodules);
                throw new LayoutException("lib/index.js re-exports " + exported.size() + " modules but the bundle has "
                    + submodules.size() + " lib/*/index.js; re-exported without a module: "
                    + missing.stream().limit(5).toList() + ", modules not re-exported: " + notExported.stream().limit(5).toList());
            }
            verifyWritten(partial, expected.exports());
            setReadableByAll(partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Outcome(target, index.result.exports().size(), Files.size(target), sha256(target));
        } finally {
            if (partial != null) {
                Files.deleteIfExists(partial);
            }
        }
    }

    private static void setReadableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // non-POSIX file systems keep their defaults
        }
    }

    private static final class IndexHolder {
        LazyIndex.Result result;

        void set(LazyIndex.Result r) {
            result = r;
        }
    }

    private static void checkJar(JarFile jar, String version, String entryName) throws IOException {
        Manifest manifest = jar.getManifest();
        String implementation = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
        if (!version.equals(implementation)) {
            throw new LayoutException("the jar's manifest says Implementation-Version " + implementation + ", expected " + version);
        }
        if (jar.getEntry(entryName) == null) {
            throw new LayoutException("the jar has no " + entryName);
        }
        ZipEntry module = jar.getEntry(MODULE_CLASS);
        if (module == null) {
            throw new LayoutException("the jar has no " + MODULE_CLASS + " (the class that names the bundle to jsii)");
        }
        byte[] moduleClass;
        try (InputStream in = jar.getInputStream(module)) {
            moduleClass = in.readAllBytes();
        }
        // jsii finds the bundle through this class: it must name the resource at the path this jar overrides.
        String bundle = entryName.substring(RESOURCE_DIRECTORY.length());
        if (!new String(moduleClass, StandardCharsets.ISO_8859_1).contains(bundle)) {
            throw new LayoutException(MODULE_CLASS + " does not name " + bundle + " as its jsii bundle");
        }
    }

    private static void checkPackageJson(byte[] content, String version) {
        try {
            JsonNode json = new ObjectMapper().readTree(content);
            if (!PACKAGE_NAME.equals(json.path("name").asText()) || !version.equals(json.path("version").asText())) {
                throw new LayoutException("package.json names " + json.path("name").asText() + " "
                    + json.path("version").asText() + ", expected " + PACKAGE_NAME + " " + version);
            }
            if (!"lib/index.js".equals(json.path("main").asText())) {
                throw new LayoutException("package.json's main is " + json.path("main") + ", expected lib/index.js");
            }
        } catch (IOException e) {
            throw new LayoutException("package.json does not parse: " + e.getMessage());
        }
    }

    /** Reads back what is about to be packaged: every lazy re-export present, no eager one left. */
    private static void verifyWritten(Path bundle, int exports) throws IOException {
        try (InputStream tar = new GZIPInputStream(Files.newInputStream(bundle), 64 * 1024)) {
            String[] index = new String[1];
            UstarCopy.copy(tar, OutputStream.nullOutputStream(), Set.of(INDEX), (name, content) -> {
                index[0] = new String(content, StandardCharsets.UTF_8);
                return content;
            });
            if (index[0] == null) {
                throw new LayoutException("the written bundle has no " + INDEX);
            }
            LazyIndex.verifyLazy(index[0], exports);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
