package dev.openhands.platform.modules.sandbox;

import com.hashicorp.cdktf.AssetType;
import com.hashicorp.cdktf.TerraformAsset;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import software.constructs.Construct;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The deployment package of the orchestrator functions and its SHA-256 (base64, as Lambda reports
 * {@code source_code_hash}). The hash is what makes a code change redeploy and an unchanged jar plan nothing.
 *
 * @param path           the jar on disk at synth time
 * @param sha256         base64 SHA-256 of its bytes
 * @param sizeBytes      its size
 * @param sharedFilename where the app places one copy for every stack, as Terraform reads it from a stack's directory
 *                       (e.g. {@code ../../assets/<hash>/x.jar}); empty: each stack gets its own copy as a CDKTF asset
 */
public record LambdaArtifact(Path path, String sha256, long sizeBytes, Optional<String> sharedFilename) {

    /** Lambda's limit for a directly uploaded deployment package. */
    public static final long MAX_DIRECT_UPLOAD_BYTES = 50L * 1024 * 1024;

    public LambdaArtifact {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(sharedFilename, "sharedFilename");
        sharedFilename.ifPresent(f -> {
            if (f.startsWith("/")) {
                throw new IllegalArgumentException("sharedFilename " + f + " must be relative to the stack directory, so the"
                    + " synthesized output can move");
            }
        });
        if (sizeBytes > MAX_DIRECT_UPLOAD_BYTES) {
            throw new IllegalArgumentException(path + " is " + sizeBytes + " bytes; Lambda takes at most "
                + MAX_DIRECT_UPLOAD_BYTES + " bytes uploaded directly");
        }
    }

    public static LambdaArtifact of(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("the orchestrator's deployment package " + path
                + " does not exist; build it with `mvn -pl lambda -am package` (bin/openhands does this for you)");
        }
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return new LambdaArtifact(path.toAbsolutePath(), Base64.getEncoder().encodeToString(digest.digest()), Files.size(path),
                Optional.empty());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /**
     * This artifact, referenced by every stack at {@code filenameFromStackDirectory} instead of copied into each: the
     * app that synthesizes the stacks writes the one copy there (see {@link #sha256Hex()} for a content-addressed name).
     */
    public LambdaArtifact sharedAt(String filenameFromStackDirectory) {
        return new LambdaArtifact(path, sha256, sizeBytes, Optional.of(filenameFromStackDirectory));
    }

    /**
     * Where functions in {@code scope} find this package: the shared copy, or else a CDKTF asset {@code code} of that
     * scope (so call it once per scope, and hand the result to each {@link #javaFunction}).
     */
    public String codeIn(Construct scope) {
        return sharedFilename.orElseGet(() -> TerraformAsset.Builder.create(scope, "code")
            .path(path.toString()).type(AssetType.FILE).build().getPath());
    }

    /**
     * A function running {@code handler} of this package on Java 21 and ARM64, redeployed when the package's hash
     * changes; the caller names it and adds its role, sizes and environment.
     *
     * @param code what {@link #codeIn} returned for {@code scope}
     */
    public LambdaFunction.Builder javaFunction(Construct scope, String id, String code, String handler) {
        return LambdaFunction.Builder.create(scope, id)
            .runtime("java21")
            .architectures(List.of("arm64"))
            .handler(handler)
            .filename(code)
            .sourceCodeHash(sha256);
    }

    /** The SHA-256 in hex, for file and directory names. */
    public String sha256Hex() {
        return java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(sha256));
    }
}
