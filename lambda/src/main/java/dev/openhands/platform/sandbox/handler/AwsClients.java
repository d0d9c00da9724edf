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
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The five SDK clients, sharing one URL-connection HTTP client (the lightest to start). Each is built on first use:
 * a status lookup, the most frequent request, needs only DynamoDB, so a cold function does not pay for building
 * the ECS and EFS clients. {@link #buildAll()} builds them up front, for a SnapStart snapshot.
 */
public final class AwsClients implements AutoCloseable {

    private final Lazy<DynamoDbClient> dynamo;
    private final Lazy<EcsClient> ecs;
    private final Lazy<EfsClient> efs;
    private final Lazy<SecretsManagerClient> secrets;
    private final Lazy<Route53Client> route53;

    private AwsClients(Region region, AwsCredentialsProvider credentials, URI endpoint) {
        SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(10)).build();
        dynamo = new Lazy<>(() -> configure(DynamoDbClient.builder(), region, credentials, endpoint).httpClient(http).build());
        ecs = new Lazy<>(() -> configure(EcsClient.builder(), region, credentials, endpoint).httpClient(http).build());
        efs = new Lazy<>(() -> configure(EfsClient.builder(), region, credentials, endpoint).httpClient(http).build());
        secrets = new Lazy<>(() -> configure(SecretsManagerClient.builder(), region, credentials, endpoint).httpClient(http).build());
        // Route 53 is a global service: its API is signed for the global region whatever region the functions run in.
        route53 = new Lazy<>(() -> configure(Route53Client.builder(), Region.AWS_GLOBAL, credentials, endpoint).httpClient(http).build());
    }

    /** Clients for the region Lambda runs in, with the Lambda execution role's credentials. */
    public static AwsClients forRegion(Region region) {
        return new AwsClients(region, DefaultCredentialsProvider.builder().build(), null);
    }

    /** Clients aimed at one endpoint for every service (the emulator). */
    public static AwsClients forEndpoint(Region region, AwsCredentialsProvider credentials, URI endpoint) {
        return new AwsClients(region, credentials, endpoint);
    }

    public DynamoDbClient dynamo() {
        return dynamo.get();
    }

    public EcsClient ecs() {
        return ecs.get();
    }

    public EfsClient efs() {
        return efs.get();
    }

    public SecretsManagerClient secrets() {
        return secrets.get();
    }

    public Route53Client route53() {
        return route53.get();
    }

    /** Builds every client now. */
    public void buildAll() {
        dynamo();
        ecs();
        efs();
        secrets();
        route53();
    }

    @Override
    public void close() {
        for (Lazy<? extends AutoCloseable> client : java.util.List.of(dynamo, ecs, efs, secrets, route53)) {
            client.ifBuilt(c -> {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing is best effort
                }
            });
        }
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region,
                                                                 AwsCredentialsProvider credentials, URI endpoint) {
        builder.region(region).credentialsProvider(credentials);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    /** A value built once, on first use, thread-safely. */
    private static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T current = value;
            if (current == null) {
                synchronized (this) {
                    current = value;
                    if (current == null) {
                        current = factory.get();
                        value = current;
                    }
                }
            }
            return current;
        }

        void ifBuilt(java.util.function.Consumer<T> action) {
            if (value != null) {
                action.accept(value);
            }
        }
    }
}
