package dev.debugd.bench;

import dev.debugd.config.Endpoints;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of writing records the way the timeline is written (acks=all, idempotent, keyed
 * tenant/incident) against the raw ceiling of the same client and broker with durability switched off.
 */
@Command(name = "kafka-produce", mixinStandardHelpOptions = true,
        description = "Kafka produce throughput: durable timeline settings vs. the raw ceiling (acks=0).")
public final class KafkaProduceBenchmark implements Callable<Integer> {

    @Option(names = "--records", defaultValue = "200000", description = "Records per measured run (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--record-bytes", defaultValue = "1024", description = "Value size in bytes (default ${DEFAULT-VALUE}).")
    int recordBytes;

    private final PrintStream progress = System.err;

    record Run(String name, long records, long bytes, long nanos) {
        double seconds() {
            return nanos / 1e9;
        }

        double recordsPerSecond() {
            return records / seconds();
        }

        double mibPerSecond() {
            return bytes / 1048576.0 / seconds();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (records < 1 || recordBytes < 1 || recordBytes > 1_000_000) {
            throw new IllegalArgumentException("--records must be >= 1 and --record-bytes between 1 and 1000000");
        }
        var kafka = Endpoints.fromEnvironment().kafka();
        var topic = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".produce";
        try (var admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                progress.printf("topic %s: warming up with %d records%n", topic, Math.max(1, records / 10));
                produce("warm-up", durable(kafka), topic, Math.max(1, records / 10));
                var durable = produce("timeline (acks=all, idempotent)", durable(kafka), topic, records);
                var ceiling = produce("raw ceiling (acks=0, no idempotence)", ceiling(kafka), topic, records);
                var report = report(durable, ceiling);
                System.out.print(report.markdown());
                System.out.println(report.resultLine());
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    BenchReport report(Run durable, Run ceiling) {
        var header = List.of("run", "records", "MiB", "seconds", "records/s", "MiB/s");
        var rows = List.of(durable, ceiling).stream().map(r -> List.of(r.name(), String.valueOf(r.records()),
                BenchReport.plain(r.bytes() / 1048576.0), BenchReport.plain(r.seconds()),
                BenchReport.plain(Math.round(r.recordsPerSecond())), BenchReport.plain(r.mibPerSecond()))).toList();
        var results = new LinkedHashMap<String, Double>();
        results.put("records_per_s", (double) Math.round(durable.recordsPerSecond()));
        results.put("ceiling_records_per_s", (double) Math.round(ceiling.recordsPerSecond()));
        results.put("fraction_of_ceiling", durable.recordsPerSecond() / ceiling.recordsPerSecond());
        return new BenchReport(header, rows, results);
    }

    private static Properties durable(Endpoints.Kafka kafka) {
        var props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }

    private static Properties ceiling(Endpoints.Kafka kafka) {
        var props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "0");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        return props;
    }

    private Run produce(String name, Properties props, String topic, int count) throws Exception {
        var value = new byte[recordBytes];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        var failure = new AtomicReference<Exception>();
        var acked = new AtomicLong();
        long start = System.nanoTime();
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count && failure.get() == null; i++) {
                // Keys spread like the timeline's: tenant_id/incident_id.
                var key = "tenant-" + (i % 7) + "/incident-" + (i % 997);
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        acked.incrementAndGet();
                    }
                });
                if (System.nanoTime() > nextReport) {
                    progress.printf("  %s: %d/%d sent, %d acknowledged%n", name, i + 1, count, acked.get());
                    nextReport += TimeUnit.SECONDS.toNanos(1);
                }
            }
            producer.flush();
        }
        long nanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException(name + ": a send failed", failure.get());
        }
        return new Run(name, count, (long) count * recordBytes, nanos);
    }
}
