package dev.debugd.integrations.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.debugd.integrations.github.CodeHost.FileChange;
import dev.debugd.standins.github.DemoRepository;
import dev.debugd.standins.github.GitHubStandIn;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter over real HTTP against the GitHub stand-in, checked against the demo repository as written by hand. */
class GitHubCodeHostTest {

    static final String FIRST = "ed85d0cf16b4292b365e8f27d33a529c27063772";
    static final String PREVIOUS = "79900f4a59fb2a355bb732c85dacb7ffbb4e5f68";
    static final String FAULTY = "3055593d7871c05dc5759f6e8eddae4ff9cf4865";
    static final String COUPONS = "checkout/src/main/java/shop/checkout/Coupons.java";
    static final String CART = "checkout/src/main/java/shop/checkout/Cart.java";
    /** The services by their index in the traffic generator: its ConcurrentModificationException is at line 40 + index. */
    static final List<String> SERVICES = List.of("checkout", "payments", "inventory", "search", "accounts", "shipping", "notify",
            "reports", "catalog", "pricing", "reviews", "gateway");

    static GitHubStandIn standIn;
    static GitHubCodeHost host;

    @BeforeAll
    static void start() throws IOException {
        standIn = GitHubStandIn.start(DemoRepository.build(), 0);
        host = GitHubCodeHost.connect(standIn.apiUrl(), "acme/shop", new GitHubCredentials.Anonymous());
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @Test
    void theFaultyReleaseDereferencesANullableCouponAtLine88InApply() throws IOException {
        var lines = host.file(FAULTY, COUPONS).orElseThrow().split("\n", -1);

        assertThat(lines[88 - 1]).isEqualTo("        return total.subtract(coupon.discount()).max(BigDecimal.ZERO);");
        assertThat(lines[85 - 1]).isEqualTo("        Coupon coupon = byCode.get(normalized);");
        assertThat(lines[83 - 1]).isEqualTo("    public BigDecimal apply(String code, BigDecimal total) {");
        assertThat(List.of(lines).subList(83, 88)).noneMatch(line -> line.contains("coupon == null"));
    }

    @Test
    void aCommitContainsItselfAndItsAncestorsButNotWhatCameAfterOrWhatTheHostDoesNotKnow() throws IOException {
        assertThat(host.contains(FAULTY, PREVIOUS)).isTrue();
        assertThat(host.contains(FAULTY.substring(0, 8), PREVIOUS)).as("an abbreviated deploy hash").isTrue();
        assertThat(host.contains(FAULTY, FAULTY)).isTrue();
        assertThat(host.contains(PREVIOUS, FAULTY)).isFalse();
        assertThat(host.contains("0badc0de", PREVIOUS)).as("a deploy hash the host does not know").isFalse();
    }

    @Test
    void theReleaseBeforeGuardedAgainstAnUnknownCode() throws IOException {
        var lines = host.file(PREVIOUS, COUPONS).orElseThrow().split("\n", -1);

        assertThat(List.of(lines).subList(82 - 1, 88)).containsExactly(
                "    public BigDecimal apply(String code, BigDecimal total) {",
                "        Coupon coupon = byCode.get(code);",
                "        if (coupon == null) {",
                "            return total;",
                "        }",
                "        return total.subtract(coupon.discount()).max(BigDecimal.ZERO);",
                "    }");
    }

    @Test
    void cartLine41CallsApplyInTotalInBothReleases() throws IOException {
        for (var release : List.of(PREVIOUS, FAULTY)) {
            var lines = host.file(release, CART).orElseThrow().split("\n", -1);

            assertThat(lines[41 - 1]).isEqualTo("        return coupons.apply(couponCode, subtotal);");
            assertThat(lines[33 - 1]).isEqualTo("    public BigDecimal total() {");
        }
    }

    @Test
    void aFullAnAbbreviatedShaAndTheBranchNameTheSameCommit() throws IOException {
        assertThat(host.commit(FAULTY)).contains(FAULTY);
        assertThat(host.commit("3055593")).contains(FAULTY);
        assertThat(host.commit("main")).contains(FAULTY);
        assertThat(host.commit(PREVIOUS.substring(0, 10))).contains(PREVIOUS);
    }

    @Test
    void anUnknownRefIsEmpty() throws IOException {
        assertThat(host.commit("deadbeefdeadbeefdeadbeefdeadbeefdeadbeef")).isEmpty();
        assertThat(host.commit("deadbee")).isEmpty();
        assertThat(host.commit("no-such-branch")).isEmpty();
    }

    @Test
    void pathsListEveryFileOfTheCommitSorted() throws IOException {
        assertThat(host.paths(FAULTY)).containsExactly(
                "README.md",
                "accounts/src/main/java/shop/accounts/Handler.java",
                "accounts/src/main/java/shop/accounts/Sessions.java",
                "catalog/src/main/java/shop/catalog/Handler.java",
                "checkout/src/main/java/shop/checkout/Cart.java",
                "checkout/src/main/java/shop/checkout/Coupon.java",
                "checkout/src/main/java/shop/checkout/Coupons.java",
                "checkout/src/main/java/shop/checkout/Handler.java",
                "deploy/services.yaml",
                "gateway/src/main/java/shop/gateway/Handler.java",
                "inventory/src/main/java/shop/inventory/Handler.java",
                "inventory/src/main/java/shop/inventory/Stock.java",
                "notify/src/main/java/shop/notify/Handler.java",
                "payments/src/main/java/shop/payments/Handler.java",
                "payments/src/main/java/shop/payments/Refunds.java",
                "pricing/src/main/java/shop/pricing/Handler.java",
                "reports/src/main/java/shop/reports/Handler.java",
                "reviews/src/main/java/shop/reviews/Handler.java",
                "search/src/main/java/shop/search/Handler.java",
                "shipping/src/main/java/shop/shipping/Handler.java");
    }

    @Test
    void everyHandlerIteratesItsOpenListAtTheGeneratorsLineInsideHandle() throws IOException {
        for (int s = 0; s < SERVICES.size(); s++) {
            var service = SERVICES.get(s);
            var lines = host.file(FAULTY, service + "/src/main/java/shop/" + service + "/Handler.java").orElseThrow()
                    .split("\n", -1);
            int line = 40 + s;

            assertThat(lines[line - 1]).as(service).isEqualTo("        for (String id : open) {");
            assertThat(lines[0]).as(service).isEqualTo("package shop." + service + ";");
            int method = line - 1;
            while (!lines[method].startsWith("    public ")) {
                assertThat(lines[method]).as(service + ": no method ends between handle and line " + line).isNotEqualTo("    }");
                method--;
            }
            assertThat(lines[method]).as(service).startsWith("    public String handle(");
        }
    }

    @Test
    void aMissingFileIsEmpty() throws IOException {
        assertThat(host.file(FAULTY, "checkout/src/main/java/shop/checkout/Missing.java")).isEmpty();
        assertThat(host.file(FIRST, "checkout/src/main/java/shop/checkout/Coupons.java")).isPresent();
    }

    @Test
    void theFaultyCommitsPatchRemovesTheNullGuard() throws IOException {
        assertThat(host.changes(PREVIOUS, FAULTY)).containsExactly(new FileChange(COUPONS, "modified", """
                @@ -20,6 +20,7 @@
                     private static final System.Logger LOG = System.getLogger(Coupons.class.getName());
                \s
                     private final Map<String, Coupon> byCode = new ConcurrentHashMap<>();
                +    private final Map<String, Integer> uses = new ConcurrentHashMap<>();
                     private final Clock clock;
                \s
                     public Coupons(Clock clock) {
                @@ -32,7 +33,7 @@
                             throw new IllegalArgumentException("a coupon must give a discount: " + coupon);
                         }
                         byCode.put(coupon.code().toUpperCase(Locale.ROOT), coupon);
                -        LOG.log(System.Logger.Level.INFO, "registered coupon {0}", coupon.code());
                +        LOG.log(System.Logger.Level.INFO, "registered coupon {0} ({1} off)", coupon.code(), coupon.discount());
                     }
                \s
                     /** Withdraws a coupon; customers who already applied it keep their discount. */
                @@ -75,15 +76,20 @@
                     /**
                      * The total after the coupon's discount, never below zero.
                      *
                -     * @param code  the code the customer entered
                +     * @param code  the code the customer entered, in any case
                      * @param total the basket's total before the discount
                -     * @return the discounted total, or {@code total} when no coupon has that code
                +     * @return the discounted total
                      */
                     public BigDecimal apply(String code, BigDecimal total) {
                -        Coupon coupon = byCode.get(code);
                -        if (coupon == null) {
                -            return total;
                -        }
                +        String normalized = code.strip().toUpperCase(Locale.ROOT);
                +        Coupon coupon = byCode.get(normalized);
                +        uses.merge(normalized, 1, Integer::sum);
                +        LOG.log(System.Logger.Level.DEBUG, "applying coupon {0} to {1}", normalized, total);
                         return total.subtract(coupon.discount()).max(BigDecimal.ZERO);
                     }
                +
                +    /** How many times a code was applied since the start. */
                +    public int uses(String code) {
                +        return uses.getOrDefault(code.toUpperCase(Locale.ROOT), 0);
                +    }
                 }"""));
    }

    @Test
    void changesOverSeveralReleasesAreSortedByPath() throws IOException {
        assertThat(host.changes(FIRST, FAULTY)).extracting(FileChange::path, FileChange::status).containsExactly(
                tuple("README.md", "modified"),
                tuple("accounts/src/main/java/shop/accounts/Sessions.java", "modified"),
                tuple(COUPONS, "modified"),
                tuple("deploy/services.yaml", "modified"),
                tuple("inventory/src/main/java/shop/inventory/Stock.java", "modified"),
                tuple("payments/src/main/java/shop/payments/Refunds.java", "modified"),
                tuple("pricing/src/main/java/shop/pricing/Handler.java", "modified"));
    }

    @Test
    void failuresNameTheRepositoryAndNeverTheToken() throws IOException {
        var token = "ghp_notARealTokenButSecret0123456789";

        assertThatThrownBy(() -> GitHubCodeHost.connect(standIn.apiUrl(), "acme/nope", new GitHubCredentials.Token(token)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("acme/nope")
                .hasMessageContaining(standIn.apiUrl().toString())
                .hasMessageNotContaining(token);
        var withToken = GitHubCodeHost.connect(standIn.apiUrl(), "acme/shop", new GitHubCredentials.Token(token));
        assertThatThrownBy(() -> withToken.changes(FAULTY, "0000000"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot compare " + FAULTY + "...0000000")
                .hasMessageNotContaining(token);
    }
}
