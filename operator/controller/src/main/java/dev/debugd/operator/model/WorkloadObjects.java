package dev.debugd.operator.model;

import dev.debugd.config.LocalSecrets;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kubernetes objects of a workload, as they should be: its ConfigMap, its Kafka credentials Secret and its
 * Deployment (the one worker image, the role's arguments, the platform's endpoints, the Secrets it reads). Owner
 * references are added by the dependents that apply them. Pure.
 */
public final class WorkloadObjects {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "debugd-operator";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String TENANT = "debugd.dev/tenant";
    /** The ConfigMap's content hash on the pod template: a changed setting rolls the Deployment. */
    public static final String CONFIG_HASH = "debugd.dev/config-sha256";
    public static final String USERNAME_KEY = "username";
    public static final String PASSWORD_KEY = "password";
    public static final String TASK_API_TOKEN_KEY = "task-api-token";
    /** Where a workload finds the brokers' CA certificate over SASL_SSL. */
    static final String TRUST_STORE_DIRECTORY = "/etc/debugd/kafka-truststore";

    private WorkloadObjects() {}

    /** The labels of every object of a component's workloads: what the operator's informers select. */
    public static String selector(Workload.Component component) {
        return MANAGED_BY + "=" + OPERATOR + "," + COMPONENT + "=" + component.label();
    }

    public static Map<String, String> labels(Workload workload) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("app.kubernetes.io/name", "debugd");
        labels.put(INSTANCE, workload.objectName());
        labels.put(COMPONENT, workload.component().label());
        labels.put(MANAGED_BY, OPERATOR);
        labels.put(TENANT, workload.tenant());
        return labels;
    }

    public static ConfigMap configMap(Workload workload) {
        return new ConfigMapBuilder().withMetadata(metadata(workload, workload.objectName()))
                .withData(new TreeMap<>(workload.config())).build();
    }

    /**
     * The workload's credentials: its Kafka user's password and its task-API token, made once by the caller and never
     * changed after.
     */
    public static Secret credentials(Workload workload, String password, String taskApiToken) {
        return new SecretBuilder().withMetadata(metadata(workload, workload.credentialsSecretName()))
                .withType("Opaque")
                .addToData(USERNAME_KEY, base64(workload.kafkaUser()))
                .addToData(PASSWORD_KEY, base64(password))
                .addToData(TASK_API_TOKEN_KEY, base64(taskApiToken))
                .build();
    }

    /** A value of a Secret's data, decoded. */
    public static String decoded(Secret secret, String key) {
        var value = secret.getData() == null ? null : secret.getData().get(key);
        return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    public static Deployment deployment(Workload workload, PlatformSettings settings) {
        var selector = Map.of(INSTANCE, workload.objectName(), COMPONENT, workload.component().label());
        return new DeploymentBuilder()
                .withMetadata(metadata(workload, workload.objectName()))
                .withNewSpec()
                    .withReplicas(workload.replicas())
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(labels(workload))
                            .withAnnotations(Map.of(CONFIG_HASH, configHash(workload)))
                        .endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false) // workers never talk to the API server
                            .addNewContainer()
                                .withName("worker")
                                .withImage(settings.workerImage())
                                .withArgs(args(workload, settings))
                                .withEnv(environment(workload, settings))
                                .addNewPort().withName("metrics").withContainerPort(Workloads.METRICS_PORT).endPort()
                                .withVolumeMounts(volumeMounts(settings))
                                .withNewReadinessProbe().withNewHttpGet().withPath("/healthz")
                                    .withPort(new IntOrString("metrics")).endHttpGet().endReadinessProbe()
                                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz")
                                    .withPort(new IntOrString("metrics")).endHttpGet()
                                    .withInitialDelaySeconds(30).withPeriodSeconds(20).endLivenessProbe()
                                .withNewResources()
                                    .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("384Mi")))
                                    .withLimits(Map.of("memory", new Quantity("768Mi")))
                                .endResources()
                                .withNewSecurityContext().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                                    .endSecurityContext()
                            .endContainer()
                            .withVolumes(volumes(workload, settings))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static List<VolumeMount> volumeMounts(PlatformSettings settings) {
        var mounts = new ArrayList<VolumeMount>();
        mounts.add(new VolumeMountBuilder().withName("config").withMountPath(Workloads.CONFIG_DIRECTORY).withReadOnly(true).build());
        settings.kafkaTrustStore().ifPresent(store -> mounts.add(new VolumeMountBuilder().withName("kafka-truststore")
                .withMountPath(TRUST_STORE_DIRECTORY).withReadOnly(true).build()));
        return mounts;
    }

    private static List<Volume> volumes(Workload workload, PlatformSettings settings) {
        var volumes = new ArrayList<Volume>();
        volumes.add(new VolumeBuilder().withName("config").withNewConfigMap().withName(workload.objectName()).endConfigMap().build());
        settings.kafkaTrustStore().ifPresent(store -> volumes.add(new VolumeBuilder().withName("kafka-truststore")
                .withNewSecret().withSecretName(store.name()).addNewItem().withKey(store.key()).withPath(store.key()).endItem()
                .endSecret().build()));
        return volumes;
    }

    /** The role's own arguments, then where its tasks' input is read: the task API, as it may not read Kafka. */
    private static List<String> args(Workload workload, PlatformSettings settings) {
        var args = new ArrayList<>(workload.args());
        args.add("--task-api");
        args.add(settings.taskApiUrl().toString());
        return args;
    }

    private static List<EnvVar> environment(Workload workload, PlatformSettings settings) {
        var env = new ArrayList<EnvVar>();
        env.add(plain("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers()));
        env.add(plain("KAFKA_SECURITY_PROTOCOL", settings.kafkaSecurityProtocol()));
        settings.kafkaTrustStore().ifPresent(store -> env.add(plain("KAFKA_SSL_TRUSTSTORE_LOCATION",
                TRUST_STORE_DIRECTORY + "/" + store.key())));
        env.add(fromSecret("KAFKA_SASL_USERNAME", workload.credentialsSecretName(), USERNAME_KEY));
        env.add(fromSecret("KAFKA_SASL_PASSWORD", workload.credentialsSecretName(), PASSWORD_KEY));
        env.add(fromSecret("DEBUGD_TASK_API_TOKEN", workload.credentialsSecretName(), TASK_API_TOKEN_KEY));
        env.add(plain("DEBUGD_TOPIC_PREFIX", settings.topicPrefix()));
        env.add(plain("DEBUGD_QUEUE_PREFIX", settings.queuePrefix()));
        env.add(plain("AWS_REGION", settings.awsRegion()));
        settings.sqsEndpoint().ifPresent(endpoint -> env.add(plain("SQS_ENDPOINT", endpoint.toString())));
        for (var secret : workload.secrets()) {
            env.add(fromSecret(LocalSecrets.variable(secret), secret.name(), secret.key()));
        }
        return env;
    }

    private static EnvVar plain(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar fromSecret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key)
                .endSecretKeyRef().endValueFrom().build();
    }

    private static ObjectMeta metadata(Workload workload, String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(workload.namespace()).withLabels(labels(workload)).build();
    }

    static String configHash(Workload workload) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(workload.config()).forEach((file, content) -> {
                digest.update(file.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
