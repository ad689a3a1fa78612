package dev.debugd.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.agents.FixAgent;
import dev.debugd.agents.ModelAnswers;
import dev.debugd.agents.RootCauseAgent;
import dev.debugd.config.ConfigHistory;
import dev.debugd.context.snapshot.Context;
import dev.debugd.context.snapshot.ContextAssembly;
import dev.debugd.context.snapshot.EpisodeEvidence;
import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.integrations.github.GitHubCodeHost;
import dev.debugd.manifests.ConfigFacts;
import dev.debugd.manifests.Manifest;
import dev.debugd.standins.github.DemoRepository;
import dev.debugd.standins.github.GitHubStandIn;
import dev.debugd.timeline.Payload;
import dev.debugd.timeline.RootCauseCategory;
import dev.debugd.timeline.TimelineRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The code in a context, read over HTTP from the GitHub stand-in through the hub4j adapter, for the demo's checkout fault
 * (the traffic generator's new NullPointerException at Coupons.java:88 after the faulty release); and the builtin Fix
 * Agent's diff for it, applied with git to the file at the deploy's commit.
 */
class CodeReaderTest {

    private static final Instant DETECTED = Instant.parse("2026-06-01T10:20:00Z");
    private static final String COUPONS = "checkout/src/main/java/shop/checkout/Coupons.java";
    private static final String CART = "checkout/src/main/java/shop/checkout/Cart.java";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DemoRepository REPOSITORY = DemoRepository.build();
    private static GitHubStandIn github;

    @TempDir
    Path work;

    @BeforeAll
    static void startTheStandIn() throws IOException {
        github = GitHubStandIn.start(REPOSITORY, 0);
    }

    @AfterAll
    static void stopTheStandIn() {
        github.close();
    }

    private static ConfigHistory integration(String spec) {
        var history = new ConfigHistory("acme");
        var manifest = Manifest.of(JSON.readTree("{\"apiVersion\": \"debugd.dev/v1alpha1\", \"kind\": \"Integration\", \"metadata\":"
                + " {\"name\": \"acme-github\"}, \"spec\": " + spec + "}"), "test");
        history.add(new TimelineRecord(ConfigFacts.fact(manifest, 1, DETECTED.minusSeconds(3600)), "internal", 0, 0));
        return history;
    }

    private ConfigHistory standIn() {
        return integration("{\"tenant\": \"acme\", \"type\": \"github\", \"repository\": \"acme/shop\", \"apiUrl\": \""
                + github.apiUrl() + "\"}");
    }

    /** The checkout fault's evidence, as the context builder reads it from ClickHouse. */
    private static EpisodeEvidence checkoutFault(String faultDeploy) {
        var at = DETECTED.minusSeconds(120);
        var npe = new ExceptionEvent(at, "checkout", "/checkout/pay", faultDeploy, "", "", "java.lang.NullPointerException",
                "Cannot invoke \"Coupon.discount()\" because \"coupon\" is null",
                List.of(new Frame("shop.checkout.Coupons", "apply", "Coupons.java", 88, true),
                        new Frame("shop.checkout.Cart", "total", "Cart.java", 41, true),
                        new Frame("java.lang.Thread", "run", "Thread.java", 1583, false),
                        new Frame("shop.checkout.Ghost", "haunt", "Ghost.java", 7, true)),
                List.of());
        var exceptions = new ArrayList<ExceptionEvent>();
        for (int i = 0; i < 6; i++) {
            exceptions.add(npe);
        }
        var incident = new Context.Incident("acme", "ep-1", 1, "checkout", "novelty", "sig", 1, "", at, DETECTED);
        var window = new Context.Window(at.minusSeconds(600), at, DETECTED, 60);
        var deploys = Map.of(REPOSITORY.releases().get(0), at.minusSeconds(3000), faultDeploy, at);
        return new EpisodeEvidence(incident, window, exceptions, List.of(), List.of(), List.of(), deploys, List.of(), List.of(),
                new Context.IdPresence(true, false), List.of(), Optional.empty(), List.of());
    }

    /** The context before its code is read: what the code reader reads for. */
    private static Context draft(EpisodeEvidence evidence) {
        return ContextAssembly.assemble(evidence, ContextAssembly.Limits.DEFAULT);
    }

    private static Context withCode(EpisodeEvidence evidence, Context.Code code) {
        return ContextAssembly.assemble(evidence.withCode(code), ContextAssembly.Limits.DEFAULT);
    }

    private static CodeReader reader() {
        return new CodeReader(GitHubCodeHost::connect, ref -> Optional.empty());
    }

    @Test
    void theContextHoldsTheCodeAroundTheInAppFramesAtTheDeploysCommitAndTheDeploysChange() {
        var faulty = REPOSITORY.faultyRelease();
        var code = reader().read(standIn(), DETECTED, draft(checkoutFault(faulty.substring(0, 8)))).orElseThrow();

        assertThat(code.repository()).isEqualTo("acme/shop");
        assertThat(code.commit()).as("the deploy's short hash resolved by the code host").isEqualTo(faulty);
        assertThat(code.base()).as("the service's deploy before it").isEqualTo(REPOSITORY.releases().get(0));
        assertThat(code.files()).extracting(Context.CodeFile::path).containsExactly(COUPONS, CART);
        var coupons = code.files().get(0);
        assertThat(coupons.frameLines()).containsExactly(88);
        assertThat(coupons.startLine()).isEqualTo(68);
        assertThat(coupons.endLine()).as("the file ends at line 95").isEqualTo(95);
        assertThat(coupons.text().split("\n")[88 - 68]).isEqualTo("        return total.subtract(coupon.discount()).max(BigDecimal.ZERO);");
        assertThat(code.files().get(1).text().split("\n")[41 - code.files().get(1).startLine()])
                .isEqualTo("        return coupons.apply(couponCode, subtotal);");
        assertThat(code.missing()).as("an in-app frame no file of the repository fits").containsExactly(
                "shop.checkout.Ghost.haunt (Ghost.java:7)");
        assertThat(code.changes()).extracting(Context.CodeChange::path).containsExactly(COUPONS);
        assertThat(code.changes().get(0).patch()).contains("-        if (coupon == null) {");
    }

    @Test
    void theBuiltinFixRevertsTheDeploysHunkAndTheDiffAppliesToTheFileAtTheDeploysCommit() throws Exception {
        var evidence = checkoutFault(REPOSITORY.faultyRelease());
        var code = reader().read(standIn(), DETECTED, draft(evidence)).orElseThrow();
        var context = withCode(evidence, code);
        var cause = RootCauseAgent.propose(context);
        assertThat(cause.category()).isEqualTo(RootCauseCategory.CODE_DEFECT);

        var fix = FixAgent.draft(context, cause, UUID.randomUUID());

        assertThat(fix.hasPatch()).as(fix.summary()).isTrue();
        assertThat(fix.patch()).startsWith("--- a/" + COUPONS + "\n+++ b/" + COUPONS + "\n@@ -76,20 +76,15 @@");
        // The file at the deploy's commit, and the file before it, as the demo repository's sources hold them.
        var atDeploy = resource("5-coupons-by-code/" + COUPONS);
        var before = resource("1-import/" + COUPONS);
        Files.createDirectories(work.resolve(COUPONS).getParent());
        Files.writeString(work.resolve(COUPONS), atDeploy);
        Files.writeString(work.resolve("fix.diff"), fix.patch());
        assertThat(git("apply", "--check", "fix.diff")).as("git apply --check").isZero();
        assertThat(git("apply", "fix.diff")).isZero();
        var fixed = Files.readString(work.resolve(COUPONS));
        assertThat(fixed).contains("        if (coupon == null) {\n            return total;\n        }");
        // Only the hunk around the failing line is reverted: the deploy's other hunks stay.
        assertThat(fixed).isNotEqualTo(before).contains("private final Map<String, Integer> uses");
    }

    @Test
    void aModelsFixIsKeptWithItsDiffWhenTheDiffAppliesToTheCodeInTheContext() throws Exception {
        var evidence = checkoutFault(REPOSITORY.faultyRelease());
        var context = withCode(evidence, reader().read(standIn(), DETECTED, draft(evidence)).orElseThrow());
        String schema;
        try (var in = CodeReaderTest.class.getResourceAsStream("/prompts/fix/v1/answer.schema.json")) {
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var diff = FixAgent.draft(context, RootCauseAgent.propose(context), UUID.randomUUID()).patch();
        var answer = JSON.createObjectNode().put("summary", "Restore the null check").put("rationale", "r").put("risk", "k");

        var kept = ModelAnswers.fix(JSON.writeValueAsString(answer.put("diff", diff)), schema, context, UUID.randomUUID(), "m");
        var shifted = ModelAnswers.fix(JSON.writeValueAsString(answer.put("diff", diff.replace("@@ -76,20", "@@ -1,20"))), schema,
                context, UUID.randomUUID(), "m");

        assertThat(((Payload.FixDrafted) ((ModelAnswers.Reading.Valid) kept).payload()).patch()).isEqualTo(diff);
        assertThat(shifted).as("a hunk at lines the context does not hold").isInstanceOf(ModelAnswers.Reading.Invalid.class);
    }

    @Test
    void aDeployTheCodeHostDoesNotKnowIsNamedAsMissingAndNoDiffIsInvented() {
        var evidence = checkoutFault("0123456789abcdef0123456789abcdef01234567");
        var code = reader().read(standIn(), DETECTED, draft(evidence)).orElseThrow();

        assertThat(code.files()).isEmpty();
        assertThat(code.missing()).containsExactly("code: acme/shop has no commit 0123456789abcdef0123456789abcdef01234567");
        var context = withCode(evidence, code);
        assertThat(FixAgent.draft(context, RootCauseAgent.propose(context), UUID.randomUUID()).hasPatch()).isFalse();
    }

    @Test
    void anUnreachableCodeHostIsNamedAsMissingAndTheContextIsStillBuilt() {
        var history = integration("{\"tenant\": \"acme\", \"type\": \"github\", \"repository\": \"acme/shop\", \"apiUrl\":"
                + " \"http://127.0.0.1:1\"}");
        var code = reader().read(history, DETECTED, draft(checkoutFault(REPOSITORY.faultyRelease()))).orElseThrow();

        assertThat(code.files()).isEmpty();
        assertThat(code.missing()).singleElement().asString().startsWith("code: GitHub at http://127.0.0.1:1: cannot read repository acme/shop");
    }

    @Test
    void noGithubIntegrationOrOneWithoutCodeContextReadsNoCode() {
        assertThat(reader().read(new ConfigHistory("acme"), DETECTED, draft(checkoutFault(REPOSITORY.faultyRelease())))).isEmpty();
        var pullRequestsOnly = integration("{\"tenant\": \"acme\", \"type\": \"github\", \"repository\": \"acme/shop\", \"apiUrl\": \""
                + github.apiUrl() + "\", \"features\": [\"pullRequests\"]}");
        assertThat(reader().read(pullRequestsOnly, DETECTED, draft(checkoutFault(REPOSITORY.faultyRelease())))).isEmpty();
    }

    @Test
    void logLinesAloneGiveNothingToReadAndNoMissingCode() {
        var evidence = checkoutFault(REPOSITORY.faultyRelease());
        var logsOnly = new EpisodeEvidence(evidence.incident(), evidence.window(), List.of(), evidence.logs(), List.of(), List.of(),
                evidence.deploys(), List.of(), List.of(), evidence.ids(), List.of(), Optional.empty(), List.of());

        assertThat(reader().read(standIn(), DETECTED, draft(logsOnly))).isEmpty();
    }

    private static String resource(String path) throws IOException {
        try (var in = CodeReaderTest.class.getResourceAsStream("/standins/github/demo-repository/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private int git(String... args) throws Exception {
        var command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            System.out.println("git " + String.join(" ", args) + ": " + output);
        }
        return exit;
    }
}
