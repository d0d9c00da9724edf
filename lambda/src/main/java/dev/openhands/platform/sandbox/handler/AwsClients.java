package dev.openhands.platform.sandbox.handler;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.time.Duration;

/**
 * The four SDK clients, sharing one URL-connection HTTP client (the lightest to start; the handlers make a few
 * sequential calls per request and need no connection pool tuning).
 *
 * @param dynamo  the registry
 * @param ecs     sandbox tasks
 * @param efs     workspace access points
 * @param secrets the API key
 */
public record AwsClients(DynamoDbClient dynamo, EcsClient ecs, EfsClient efs, SecretsManagerClient secrets) {

    /** Clients for the region Lambda runs in, with the Lambda execution role's credentials. */
    public static AwsClients forRegion(Region region) {
        return build(region, DefaultCredentialsProvider.builder().build(), null);
    }

    /** Clients aimed at one endpoint for every service (the emulator). */
    public static AwsClients forEndpoint(Region region, AwsCredentialsProvider credentials, URI endpoint) {
        return build(region, credentials, endpoint);
    }

    private static AwsClients build(Region region, AwsCredentialsProvider credentials, URI endpoint) {
        SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(10)).build();
        return new AwsClients(
            configure(DynamoDbClient.builder(), region, credentials, endpoint).httpClient(http).build(),
            configure(EcsClient.builder(), region, credentials, endpoint).httpClient(http).build(),
            configure(EfsClient.builder(), region, credentials, endpoint).httpClient(http).build(),
            configure(SecretsManagerClient.builder(), region, credentials, endpoint).httpClient(http).build());
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region,
                                                                 AwsCredentialsProvider credentials, URI endpoint) {
        builder.region(region).credentialsProvider(credentials);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
