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
 * Traffic for demos and tests, the same for the same seed and deploys: several services with healthy traffic (busy and
 * quiet ones, background errors they always have, benign deploys, evidence that comes out of order or too late) and,
 * when asked, seven injected faults on seven busy services, five buckets apart from the 26th bucket on:
 * <ul>
 * <li>four new exceptions, each after its service deploys the release that brought its defect (the novelty rule):
 *     checkout, payments, inventory and accounts; each goes on until a deploy that fixes it reaches the service
 *     ({@link Run#deploy}), except accounts', whose fix does not help (its fault goes on after it);</li>
 * <li>a spike of an error reports has always had (frequency spike),</li>
 * <li>a rising share of 5xx responses of notify (error rate),</li>
 * <li>a slow dependency of search: calls time out, it logs its known timeout error far more often (frequency spike)
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
     * @param services       services (at least 8 with faults: seven busy ones carry them)
     * @param buckets        buckets of traffic (at least 62: the faults begin at the 26th)
     * @param faults         whether to inject the seven faults
     * @param releases       benign commits of the services' repository, oldest first, as deploy hashes: every service
     *                       starts on the first, benign deploys move a service to the next
     * @param faultyReleases the commits that brought checkout's, payments', inventory's and accounts' defects, in
     *                       that order: each service deploys its own when its fault begins
     * @param unfixedFaultBuckets how long a new exception goes on while no deploy fixes it ({@link Run#deploy}); the other
     *                       faults last five buckets
     */
    public record Settings(long seed, int services, int buckets, boolean faults, List<String> releases,
            List<String> faultyReleases, int unfixedFaultBuckets) {
        public Settings {
            releases = List.copyOf(releases);
            faultyReleases = List.copyOf(faultyReleases);
            if (releases.isEmpty()) {
                throw new IllegalArgumentException("releases must hold at least one commit");
            }
            if (faults && faultyReleases.size() != NOVEL_SERVICES.length) {
                throw new IllegalArgumentException("faultyReleases must hold " + NOVEL_SERVICES.length + " commits, got "
                        + faultyReleases.size());
            }
            if (services < (faults ? 8 : 1) || services > 100) {
                throw new IllegalArgumentException("services must be between " + (faults ? 8 : 1) + " and 100, got " + services);
            }
            if (buckets < 62 || buckets > 100_000) {
                throw new IllegalArgumentException("buckets must be between 62 and 100000, got " + buckets);
            }
            if (unfixedFaultBuckets < 1) {
                throw new IllegalArgumentException("unfixedFaultBuckets must be at least 1, got " + unfixedFaultBuckets);
            }
        }

        /** Faults that stop by themselves after five buckets, as when nothing deploys a fix. */
        public Settings(long seed, int services, int buckets, boolean faults, List<String> releases, List<String> faultyReleases) {
            this(seed, services, buckets, faults, releases, faultyReleases, FAULT_BUCKETS);
        }
    }

    /** The services a new exception comes to, in the order {@link Settings#faultyReleases} lists their releases. */
    public static final List<String> NOVEL_FAULT_SERVICES = List.of("checkout", "payments", "inventory", "accounts");
    /** Those services, by their index. */
    private static final int[] NOVEL_SERVICES = {0, 1, 2, 4};
    /** Of those, the one whose fix does not help: its exception goes on after the fix is deployed. */
    private static final int UNHELPED = 4;
    private static final int SPIKE_SERVICE = 7;
    private static final int RATE_SERVICE = 6;
    private static final int SLOW_SERVICE = 3;
    /** The first fault's bucket: after 25 healthy ones (baselines, and every background error seen). */
    private static final int FAULT_START = 25;
    private static final int FAULT_GAP = 5;

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
        private final int spikeAt = FAULT_START + NOVEL_SERVICES.length * FAULT_GAP;
        private final int rateAt = spikeAt + FAULT_GAP;
        private final int slowAt = rateAt + FAULT_GAP;
        private final List<String> releases = settings.releases();
        private final int[] release; // each service's release, as an index into releases (past the end: its faulty one)
        private final String[] deploys;
        /** A deploy asked for while a bucket was being sent: it applies from the next bucket on. */
        private final Map<Integer, String> deploying = new HashMap<>();
        /** The services whose new exception a deploy fixed, and the bucket it stopped in. */
        private final Map<Integer, Integer> fixing = new HashMap<>();
        private final Map<Integer, Integer> fixedAt = new HashMap<>();
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
            if (fixes && settings.faults() && novelIndex(s) >= 0 && s != UNHELPED && !fixing.containsKey(s)) {
                fixing.put(s, -1);
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
                fixing.keySet().forEach(service -> fixedAt.putIfAbsent(service, at));
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
                for (int k = 0; k < NOVEL_SERVICES.length; k++) {
                    var service = services.get(NOVEL_SERVICES[k]);
                    faults.add(new Fault(NOVEL_SERVICES[k] == UNHELPED ? "new exception after a deploy, a fix that does not help"
                            : "new exception after a deploy", service.name(), Detection.NOVELTY,
                            ErrorSignature.of(novel(first, new Random(0), service, "")), first + FAULT_START + k * FAULT_GAP));
                }
                var spiking = services.get(SPIKE_SERVICE);
                faults.add(new Fault("spike of an old error", spiking.name(), Detection.SPIKE, ErrorSignature.of(line(first,
                        new Random(0), spiking, "", "ERROR", spiking.knownErrors().get(0).formatted(1))), first + spikeAt));
                faults.add(new Fault("rising 5xx rate", services.get(RATE_SERVICE).name(), Detection.ERROR_RATE, "",
                        first + rateAt));
                var slowing = services.get(SLOW_SERVICE);
                faults.add(new Fault("slow dependency", slowing.name(), Detection.SPIKE, ErrorSignature.of(line(first,
                        new Random(0), slowing, "", "ERROR", slowing.timeoutError().formatted(5000))), first + slowAt));
            }
            return faults;
        }

        /** Which new exception a service has (its index among them), or -1. */
        private int novelIndex(int service) {
            for (int k = 0; k < NOVEL_SERVICES.length; k++) {
                if (NOVEL_SERVICES[k] == service) {
                    return k;
                }
            }
            return -1;
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
                // Benign deploys: busy services roll the next benign release now and then after the first fifth.
                if (service.busy() && b > settings.buckets() / 5 && random.nextInt(120) == 0 && release[s] < releases.size() - 1) {
                    deploys[s] = releases.get(++release[s]);
                }
                int novelIndex = settings.faults() ? novelIndex(s) : -1;
                int novelAt = FAULT_START + novelIndex * FAULT_GAP;
                if (novelIndex >= 0 && b == novelAt) {
                    release[s] = releases.size(); // no benign release after it
                    deploys[s] = settings.faultyReleases().get(novelIndex); // the deploy that brings the new exception
                }
                var logs = new ArrayList<LogLine>();
                var exceptions = new ArrayList<ExceptionEvent>();
                var requests = new ArrayList<RequestRecord>();
                int requestCount = poisson(random, service.meanRequests());
                double failShare = 0.002;
                double durationMs = 40;
                if (settings.faults() && s == RATE_SERVICE && b >= rateAt && b < rateAt + faultLength) {
                    failShare = 0.25 + 0.05 * (b - rateAt); // rising: 25 % and up
                }
                boolean slow = settings.faults() && s == SLOW_SERVICE && b >= slowAt && b < slowAt + faultLength;
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
                    if (settings.faults() && s == SPIKE_SERVICE && b >= spikeAt && b < spikeAt + faultLength
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
                // A new exception goes on until a deploy fixes it, or for as long as an unfixed fault lasts.
                boolean novel = novelIndex >= 0 && b >= novelAt && b < novelAt + settings.unfixedFaultBuckets()
                        && (!fixedAt.containsKey(s) || b < fixedAt.get(s));
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

    /** A service's new exception, thrown where its faulty release's defect is in the demo repository. */
    private ExceptionEvent novel(long bucket, Random random, Service service, String deploy) {
        var at = at(bucket, random);
        var name = service.name();
        var handler = new Frame("shop." + name + ".Handler", "handle", "Handler.java", 40 + services(name), true);
        return switch (name) {
            case "payments" -> new ExceptionEvent(at, name, "/payments/refund", deploy, "", "", "java.lang.NullPointerException",
                    "Cannot read field \"intCompact\" because \"multiplicand\" is null",
                    List.of(new Frame("java.math.BigDecimal", "multiply", "BigDecimal.java", 1508, false),
                            new Frame("shop.payments.Refunds", "split", "Refunds.java", 41, true), handler), List.of());
            case "inventory" -> new ExceptionEvent(at, name, "/inventory/reserve", deploy, "", "", "java.lang.ClassCastException",
                    "class java.lang.String cannot be cast to class java.lang.Integer (java.lang.String and java.lang.Integer"
                            + " are in module java.base of loader 'bootstrap')",
                    List.of(new Frame("shop.inventory.Stock", "available", "Stock.java", 32, true), handler), List.of());
            case "accounts" -> new ExceptionEvent(at, name, "/accounts/sessions", deploy, "", "",
                    "java.lang.IndexOutOfBoundsException", "Index 2 out of bounds for length 2",
                    List.of(new Frame("jdk.internal.util.Preconditions", "outOfBounds", "Preconditions.java", 100, false),
                            new Frame("java.util.ArrayList", "get", "ArrayList.java", 427, false),
                            new Frame("shop.accounts.Sessions", "latest", "Sessions.java", 34, true), handler), List.of());
            default -> new ExceptionEvent(at, name, "/" + name + "/pay", deploy, "", "", "java.lang.NullPointerException",
                    "Cannot invoke \"Coupon.discount()\" because \"coupon\" is null",
                    List.of(new Frame("shop." + name + ".Coupons", "apply", "Coupons.java", 88, true),
                            new Frame("shop." + name + ".Cart", "total", "Cart.java", 41, true)), List.of());
        };
    }

    /** A service's index among the names (its handler's line is 40 + it). */
    private static int services(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return 0;
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
