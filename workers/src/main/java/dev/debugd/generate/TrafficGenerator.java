package dev.debugd.generate;

import dev.debugd.detect.rules.Detection;
import dev.debugd.evidence.BucketGrid;
import dev.debugd.evidence.Evidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.evidence.LogLine;
import dev.debugd.evidence.RequestRecord;
import dev.debugd.signature.ErrorSignature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Traffic for demos and tests, the same for the same seed: several services with healthy traffic (busy and quiet
 * ones, background errors they always have, benign deploys, evidence that comes out of order or too late) and,
 * when asked, four injected faults on four busy services:
 * <ul>
 * <li>a new exception after a deploy (the novelty rule),</li>
 * <li>a spike of an error the service has always had (frequency spike),</li>
 * <li>a rising share of 5xx responses (error rate),</li>
 * <li>a slow dependency: calls time out, the service logs its known timeout error far more often (frequency spike)
 *     and answers slowly but successfully.</li>
 * </ul>
 * Deploy hashes are the commits of the services' repository (the demo's GitHub stand-in serves them), so the context
 * builder can read the code each fault ran. Evidence is cut into deliveries: what a shipper sends at the end of each
 * bucket, in one batch. Pure: no clock (the start is given), randomness only from the seed.
 */
public final class TrafficGenerator {

    /** One batch a shipper sends at {@code sendAt}. */
    public record Delivery(Instant sendAt, String batchId, Evidence evidence) {}

    /**
     * A fault as the detector should report it.
     *
     * @param signature the error signature, empty for the error-rate rule
     * @param bucket    the first bucket of the fault: its watermark is when it can first be detected
     */
    public record Fault(String kind, String service, String rule, String signature, long bucket) {}

    public record Traffic(List<Delivery> deliveries, List<Fault> faults, long serviceBuckets, long firstBucket, long lastBucket) {}

    /**
     * @param services   services (at least 6 with faults: the first four busy ones carry them)
     * @param buckets    buckets of traffic
     * @param faults     whether to inject the four faults (in the last 37 buckets)
     * @param releases   the commits of the services' repository, oldest first, as deploy hashes: every service starts on
     *                   the first, benign deploys move a service to the next, and the last is the faulty release that
     *                   brings checkout's new exception (at least two)
     * @param unfixedFaultBuckets how long checkout's new exception goes on while no deploy fixes it ({@link Run#deploy});
     *                   the other faults last five buckets
     */
    public record Settings(long seed, int services, int buckets, boolean faults, List<String> releases, int unfixedFaultBuckets) {
        public Settings {
            releases = List.copyOf(releases);
            if (releases.size() < 2) {
                throw new IllegalArgumentException("releases must hold at least two commits, got " + releases.size());
            }
            if (services < (faults ? 6 : 1) || services > 100) {
                throw new IllegalArgumentException("services must be between " + (faults ? 6 : 1) + " and 100, got " + services);
            }
            if (buckets < 60 || buckets > 100_000) {
                throw new IllegalArgumentException("buckets must be between 60 and 100000, got " + buckets);
            }
            if (unfixedFaultBuckets < 1) {
                throw new IllegalArgumentException("unfixedFaultBuckets must be at least 1, got " + unfixedFaultBuckets);
            }
        }

        /** Faults that stop by themselves after five buckets, as when nothing deploys a fix. */
        public Settings(long seed, int services, int buckets, boolean faults, List<String> releases) {
            this(seed, services, buckets, faults, releases, FAULT_BUCKETS);
        }
    }

    /** How long a fault lasts, unless a fix-route fault is told to last until a deploy fixes it. */
    static final int FAULT_BUCKETS = 5;

    private static final String[] NAMES = {"checkout", "payments", "inventory", "search", "accounts", "shipping", "notify",
        "reports", "catalog", "pricing", "reviews", "gateway"};

    private final Settings settings;
    private final BucketGrid grid;
    private final Instant start;

    /** @param start the first bucket's start (rounded down to the grid) */
    public TrafficGenerator(Settings settings, BucketGrid grid, Instant start) {
        this.settings = settings;
        this.grid = grid;
        this.start = start;
    }

    private record Service(String name, boolean busy, int meanRequests, List<String> knownErrors, String timeoutError,
            Frame[] frames) {}

    /** All the traffic at once, no deploy fixing anything: the faults stop by themselves. */
    public Traffic generate() {
        var run = start();
        var deliveries = new ArrayList<Delivery>();
        while (run.hasNext()) {
            run.next().ifPresent(deliveries::add);
        }
        return new Traffic(deliveries, run.faults(), run.serviceBuckets(), run.firstBucket(), run.lastBucket());
    }

    /** The traffic bucket by bucket, so that deploys made while it runs ({@link Run#deploy}) change what comes next. */
    public Run start() {
        return new Run();
    }

    /**
     * Traffic under way: {@link #next} gives what the shippers send at the end of each bucket (and, after the last, the
     * rows held back). Deterministic: the same seed and the same deploys at the same buckets give the same traffic.
     */
    public final class Run {
        private final Random random = new Random(settings.seed());
        private final long first = grid.bucketOf(start);
        private final List<Service> services = new ArrayList<>();
        private final int faultStart = settings.buckets() - 37;
        private final int novelAt = faultStart;
        private final int spikeAt = faultStart + 8;
        private final int rateAt = faultStart + 16;
        private final int slowAt = faultStart + 24;
        private final List<String> releases = settings.releases();
        private final int[] release; // each service's release, as an index into releases
        private final String[] deploys;
        /** A deploy asked for while a bucket was being sent: it applies from the next bucket on. */
        private final Map<Integer, String> deploying = new HashMap<>();
        private boolean checkoutFixed;
        private Integer checkoutFixedAt;
        private final List<List<LogLine>> sentLogs = new ArrayList<>();
        private final List<List<ExceptionEvent>> sentExceptions = new ArrayList<>();
        private final List<List<RequestRecord>> sentRequests = new ArrayList<>();
        private final int sends = settings.buckets() + 4;
        private int b;

        private Run() {
            for (int s = 0; s < settings.services(); s++) {
                var name = s < NAMES.length ? NAMES[s] : NAMES[s % NAMES.length] + "-" + (s / NAMES.length);
                boolean busy = s < 4 || s % 3 != 2; // every third service after the fourth is a quiet one
                var prefix = name.replace('-', '_');
                services.add(new Service(name, busy, busy ? 60 + random.nextInt(60) : 2,
                        List.of(prefix + " cache miss storm for key user:%d", "retrying " + prefix + " job %d after conflict"),
                        "upstream " + NAMES[(s + 1) % NAMES.length] + " timed out after %d ms",
                        new Frame[] {new Frame("shop." + prefix + ".Handler", "handle", "Handler.java", 40 + s, true),
                            new Frame("java.lang.Thread", "run", "Thread.java", 1583, false)}));
            }
            release = new int[services.size()];
            deploys = new String[services.size()];
            for (int s = 0; s < services.size(); s++) {
                deploys[s] = releases.get(0);
            }
            for (int i = 0; i < sends; i++) {
                sentLogs.add(new ArrayList<>());
                sentExceptions.add(new ArrayList<>());
                sentRequests.add(new ArrayList<>());
            }
        }

        public boolean hasNext() {
            return b < sends;
        }

        /**
         * Deploys a commit to a service from the next bucket on, as a deployment pipeline would: its rows carry it as
         * their deploy hash. When it {@code fixes} the service's fault (checkout's new exception, the fault a fix can
         * end), the fault stops there.
         *
         * @return whether the service has a fault this deploy ended
         */
        public synchronized boolean deploy(String service, String commit, boolean fixes) {
            int s = serviceIndex(service);
            deploying.put(s, commit);
            if (fixes && s == 0 && settings.faults() && !checkoutFixed) {
                checkoutFixed = true;
                return true;
            }
            return false;
        }

        /** The next send: empty when nothing was due then. */
        public synchronized Optional<Delivery> next() {
            if (!hasNext()) {
                throw new IllegalStateException("the traffic has ended");
            }
            int at = b++;
            if (at < settings.buckets()) {
                deploying.forEach((service, commit) -> deploys[service] = commit);
                deploying.clear();
                if (checkoutFixed && checkoutFixedAt == null) {
                    checkoutFixedAt = at;
                }
                bucket(at);
            }
            var evidence = new Evidence(sentLogs.get(at), sentExceptions.get(at), sentRequests.get(at));
            if (evidence.size() == 0) {
                return Optional.empty();
            }
            return Optional.of(new Delivery(grid.end(first + at).plusSeconds(Math.min(grid.widthSeconds() - 1, 1)),
                    "gen-" + settings.seed() + "-" + first + "-" + at, evidence)); // unique per run: its first bucket
        }

        /** The injected faults as the detector should report them. */
        public List<Fault> faults() {
            var faults = new ArrayList<Fault>();
            if (settings.faults()) {
                var sample0 = novel(first + novelAt, new Random(0), services.get(0), "");
                faults.add(new Fault("new exception after a deploy", services.get(0).name(), Detection.NOVELTY,
                        ErrorSignature.of(sample0), first + novelAt));
                faults.add(new Fault("spike of an old error", services.get(1).name(), Detection.SPIKE,
                        ErrorSignature.of(line(first, new Random(0), services.get(1), "", "ERROR",
                                services.get(1).knownErrors().get(0).formatted(1))), first + spikeAt));
                faults.add(new Fault("rising 5xx rate", services.get(2).name(), Detection.ERROR_RATE, "", first + rateAt));
                faults.add(new Fault("slow dependency", services.get(3).name(), Detection.SPIKE,
                        ErrorSignature.of(line(first, new Random(0), services.get(3), "", "ERROR",
                                services.get(3).timeoutError().formatted(5000))), first + slowAt));
            }
            return faults;
        }

        public long serviceBuckets() {
            return (long) services.size() * settings.buckets();
        }

        public long firstBucket() {
            return first;
        }

        public long lastBucket() {
            return first + settings.buckets() - 1;
        }

        private int serviceIndex(String service) {
            for (int s = 0; s < services.size(); s++) {
                if (services.get(s).name().equals(service)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no service " + service + " in the traffic");
        }

        /** One bucket of every service's traffic, into the sends it goes out with. */
        private void bucket(int b) {
            long bucket = first + b;
            int faultLength = FAULT_BUCKETS;
            for (int s = 0; s < services.size(); s++) {
                var service = services.get(s);
                // Benign deploys: busy services roll the next release now and then after the first fifth (no new errors),
                // up to the last but one: the last is the faulty one.
                if (service.busy() && b > settings.buckets() / 5 && random.nextInt(120) == 0 && release[s] < releases.size() - 2) {
                    deploys[s] = releases.get(++release[s]);
                }
                if (settings.faults() && s == 0 && b == novelAt) {
                    release[s] = releases.size() - 1;
                    deploys[s] = releases.get(release[s]); // the deploy that brings the new exception
                }
                var logs = new ArrayList<LogLine>();
                var exceptions = new ArrayList<ExceptionEvent>();
                var requests = new ArrayList<RequestRecord>();
                int requestCount = poisson(random, service.meanRequests());
                double failShare = 0.002;
                double durationMs = 40;
                if (settings.faults() && s == 2 && b >= rateAt && b < rateAt + faultLength) {
                    failShare = 0.25 + 0.05 * (b - rateAt); // rising: 25 % and up
                }
                boolean slow = settings.faults() && s == 3 && b >= slowAt && b < slowAt + faultLength;
                if (slow) {
                    durationMs = 5200;
                }
                for (int r = 0; r < requestCount; r++) {
                    int status = random.nextDouble() < failShare ? (random.nextBoolean() ? 500 : 503) : 200;
                    requests.add(new RequestRecord(at(bucket, random), service.name(), "/" + service.name() + "/" + (r % 3),
                            status, durationMs * (0.5 + random.nextDouble()), deploys[s], "req-" + b + "-" + s + "-" + r, ""));
                }
                for (int i = 0; i < (service.busy() ? 3 : random.nextInt(2)); i++) {
                    logs.add(line(bucket, random, service, deploys[s], "INFO", "served " + service.name() + " page "
                            + random.nextInt(100)));
                }
                // Background errors the service has always had: about one per bucket, quiet services less.
                for (var template : service.knownErrors()) {
                    int n = poisson(random, service.busy() ? 0.8 : 0.3);
                    if (settings.faults() && s == 1 && b >= spikeAt && b < spikeAt + faultLength
                            && template.equals(service.knownErrors().get(0))) {
                        n = 35 + random.nextInt(10);
                    }
                    for (int i = 0; i < n; i++) {
                        logs.add(line(bucket, random, service, deploys[s], "ERROR", template.formatted(random.nextInt(100_000))));
                    }
                }
                int timeouts = slow ? 25 + random.nextInt(10) : poisson(random, service.busy() ? 0.5 : 0.2);
                for (int i = 0; i < timeouts; i++) {
                    logs.add(line(bucket, random, service, deploys[s], "ERROR", service.timeoutError().formatted(5000
                            + random.nextInt(200))));
                }
                // Now and then a known exception.
                if (random.nextInt(4) == 0) {
                    exceptions.add(exception(bucket, random, service, deploys[s]));
                }
                // Checkout's new exception goes on until a deploy fixes it, or for as long as an unfixed fault lasts.
                boolean novel = settings.faults() && s == 0 && b >= novelAt && b < novelAt + settings.unfixedFaultBuckets()
                        && (checkoutFixedAt == null || b < checkoutFixedAt);
                if (novel) {
                    for (int i = 0; i < 4 + random.nextInt(4); i++) {
                        exceptions.add(novel(bucket, random, service, deploys[s]));
                    }
                }
                // Out of order: a tenth of the service-buckets send one line a bucket late (within the lateness); one in
                // two hundred sends a request four buckets late, after its bucket closed (it goes to late_arrivals).
                if (random.nextInt(10) == 0 && !logs.isEmpty()) {
                    sentLogs.get(b + 1).add(logs.remove(logs.size() - 1));
                }
                if (random.nextInt(200) == 0 && !requests.isEmpty()) {
                    sentRequests.get(b + 4).add(requests.remove(requests.size() - 1));
                }
                sentLogs.get(b).addAll(logs);
                sentExceptions.get(b).addAll(exceptions);
                sentRequests.get(b).addAll(requests);
            }
        }
    }

    private ExceptionEvent novel(long bucket, Random random, Service service, String deploy) {
        return new ExceptionEvent(at(bucket, random), service.name(), "/" + service.name() + "/pay", deploy, "", "",
                "java.lang.NullPointerException", "Cannot invoke \"Coupon.discount()\" because \"coupon\" is null",
                List.of(new Frame("shop." + service.name() + ".Coupons", "apply", "Coupons.java", 88, true),
                        new Frame("shop." + service.name() + ".Cart", "total", "Cart.java", 41, true)),
                List.of());
    }

    private ExceptionEvent exception(long bucket, Random random, Service service, String deploy) {
        var type = "java.util.ConcurrentModificationException";
        return new ExceptionEvent(at(bucket, random), service.name(), "", deploy, "", "", type, "collection modified",
                List.of(service.frames()), List.of());
    }

    private LogLine line(long bucket, Random random, Service service, String deploy, String level, String message) {
        return new LogLine(at(bucket, random), service.name(), level, message, "", deploy, "", "", "stdout");
    }

    /** A moment inside the bucket. */
    private Instant at(long bucket, Random random) {
        return grid.start(bucket).plusSeconds(random.nextInt((int) grid.widthSeconds()));
    }

    /** Knuth's method: fine for the small means used here. */
    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            n++;
            product *= random.nextDouble();
        }
        return n;
    }
}
