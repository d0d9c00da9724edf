package dev.openhands.platform.edge;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Lambda entry point of the origin secret rotation. Terraform invokes it with {@code {"generation": N}} when the
 * configured generation (or a listener rule, or a distribution) changes; an EventBridge schedule invokes it with
 * {@code {"action": "settle"}} to stop accepting the previous value once it is no longer sent.
 */
public final class OriginSecretRotationHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OriginSecretRotation rotation;

    public OriginSecretRotationHandler() {
        this(defaultRotation());
    }

    public OriginSecretRotationHandler(OriginSecretRotation rotation) {
        this.rotation = rotation;
    }

    private static OriginSecretRotation defaultRotation() {
        SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(20)).build();
        Region region = Region.of(System.getenv("AWS_REGION"));
        return new OriginSecretRotation(
            SecretsManagerClient.builder().region(region).httpClient(http).build(),
            ElasticLoadBalancingV2Client.builder().region(region).httpClient(http).build(),
            // CloudFront is a global service, signed for the global region wherever the function runs.
            CloudFrontClient.builder().region(Region.AWS_GLOBAL).httpClient(http).build(),
            OriginTargets.fromEnvironment(System.getenv()), Clock.systemUTC(), new SecureRandom());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JSON.writeValue(output, handle(JSON.readTree(input)));
    }

    /** {@code generation} rotates; {@code action: settle} or a scheduled event settles; anything else is refused. */
    public OriginSecretRotation.Outcome handle(JsonNode event) {
        if (event.has("generation")) {
            if (!event.path("generation").canConvertToLong()) {
                throw new IllegalArgumentException("'generation' must be an integer, was " + event.path("generation"));
            }
            return rotation.rotate(event.path("generation").asLong());
        }
        if ("settle".equals(event.path("action").asText()) || "Scheduled Event".equals(event.path("detail-type").asText())) {
            return rotation.settle();
        }
        throw new IllegalArgumentException("expected {\"generation\": N} or {\"action\": \"settle\"}, got " + event);
    }
}
