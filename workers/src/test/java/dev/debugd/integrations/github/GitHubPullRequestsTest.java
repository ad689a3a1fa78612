package dev.debugd.integrations.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.standins.github.DemoRepository;
import dev.debugd.standins.github.GitHubStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GitHubBuilder;

/** The pull-request adapter over HTTP against the GitHub stand-in, through hub4j. */
class GitHubPullRequestsTest {

    private static final String BRANCH = "debugd/fix/acme/inc-1/cycle-1-v1";

    /** Its own repository per test: the stand-in writes into it. */
    private DemoRepository repository;
    private GitHubStandIn standIn;

    @BeforeEach
    void start() throws Exception {
        repository = DemoRepository.build();
        standIn = GitHubStandIn.start(repository, 0);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private PullRequestHost.Change change() {
        return new PullRequestHost.Change(BRANCH, repository.faultyRelease(), Map.of("notes/inc-1.md", "The fix.\n"),
                "Fix checkout", "Fix checkout", "The body");
    }

    private long requests(String method, String pathEnd) {
        return standIn.requests().stream().filter(r -> r.method().equals(method) && r.path().endsWith(pathEnd)).count();
    }

    @Test
    void aPullRequestIsOpenedOnceAndFoundAgain() throws Exception {
        var host = GitHubPullRequests.connect(standIn.apiUrl(), "acme/shop", new GitHubCredentials.Token("ghp_unit0123456789"));

        var first = host.open(change());
        var again = host.open(change());

        assertThat(again).isEqualTo(first);
        assertThat(first.branch()).isEqualTo(BRANCH);
        assertThat(first.state()).isEqualTo("open");
        assertThat(first.merged()).isFalse();
        assertThat(requests("POST", "/pulls")).isEqualTo(1);
        assertThat(requests("POST", "/git/refs")).isEqualTo(1);
        assertThat(requests("POST", "/git/commits")).isEqualTo(1);
        var code = GitHubCodeHost.connect(standIn.apiUrl(), "acme/shop", new GitHubCredentials.Anonymous());
        assertThat(code.file(first.headSha(), "notes/inc-1.md")).contains("The fix.\n");
        assertThat(code.changes(repository.faultyRelease(), first.headSha())).extracting(CodeHost.FileChange::path)
                .containsExactly("notes/inc-1.md");
        assertThat(host.find(BRANCH)).contains(first);
        assertThat(host.find("debugd/fix/acme/inc-2/cycle-1-v1")).isEmpty();
    }

    /** An RSA key pair of a GitHub App, the private key as the PKCS#8 PEM the Secret holds. */
    private record AppKey(KeyPair pair, String pem) {
        static AppKey generate() throws Exception {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            var base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded());
            return new AppKey(pair, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
        }
    }

    @Test
    void anAppInstallationReadsCodeAndOpensPullRequestsWithTokensItBuysOncePerClient() throws Exception {
        var key = AppKey.generate();
        standIn.requireApp(412873, 58213402, key.pair().getPublic());
        var app = new GitHubCredentials.App(412873, 58213402, key.pem());

        var opened = GitHubPullRequests.connect(standIn.apiUrl(), "acme/shop", app).open(change());
        assertThat(GitHubPullRequests.connect(standIn.apiUrl(), "acme/shop", app).find(BRANCH)).contains(opened);
        var code = GitHubCodeHost.connect(standIn.apiUrl(), "acme/shop", app);
        assertThat(code.file(opened.headSha(), "notes/inc-1.md")).contains("The fix.\n");
        assertThat(GitHubCodeHost.connect(standIn.apiUrl(), "acme/shop", app).commit(repository.faultyRelease())).isPresent();

        // One installation token for the pull-request client and one for the code client (each waits differently on
        // rate limits), however many tasks connect within the token's hour.
        assertThat(standIn.installationTokensIssued()).isEqualTo(2);
        assertThat(requests("POST", "/pulls")).isEqualTo(1);
    }

    @Test
    void anAppKeyThatIsNotTheAppsOrNotPkcs8IsRefusedWithoutShowingIt() throws Exception {
        var key = AppKey.generate();
        standIn.requireApp(412873, 58213402, key.pair().getPublic());
        var other = AppKey.generate();

        assertThatThrownBy(() -> GitHubPullRequests.connect(standIn.apiUrl(), "acme/shop",
                new GitHubCredentials.App(412873, 58213402, other.pem())).open(change()))
                .isInstanceOf(IOException.class).hasMessageNotContaining(other.pem().substring(40, 80));
        var pkcs1 = other.pem().replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY").replace("END PRIVATE KEY", "END RSA PRIVATE KEY");
        assertThatThrownBy(() -> GitHubCodeHost.connect(standIn.apiUrl(), "acme/shop",
                new GitHubCredentials.App(412873, 58213402, pkcs1)))
                .isInstanceOf(IOException.class).hasMessageContaining("PKCS#8").hasMessageNotContaining(pkcs1.substring(40, 80));
        assertThat(standIn.installationTokensIssued()).isZero();
        assertThat(requests("POST", "/pulls")).isZero();
    }

    @Test
    void aBranchLeftByARunThatCrashedIsTakenAsItIs() throws Exception {
        // A run pushed the branch and crashed before the pull request: the next run opens the pull request on it.
        var github = new GitHubBuilder().withEndpoint(standIn.apiUrl().toString()).build().getRepository("acme/shop");
        var tree = github.createTree().baseTree(github.getTree(repository.faultyRelease()).getSha())
                .add("notes/inc-1.md", "The fix.\n", false).create();
        var commit = github.createCommit().message("Fix checkout").tree(tree.getSha()).parent(repository.faultyRelease()).create();
        github.createRef("refs/heads/" + BRANCH, commit.getSHA1());
        long commits = requests("POST", "/git/commits");

        var opened = GitHubPullRequests.connect(standIn.apiUrl(), "acme/shop", new GitHubCredentials.Anonymous()).open(change());

        assertThat(opened.headSha()).isEqualTo(commit.getSHA1());
        assertThat(requests("POST", "/git/commits")).as("no second commit").isEqualTo(commits);
        assertThat(standIn.pullRequests()).hasSize(1);
    }

    @Test
    void aSecondaryRateLimitIsWaitedOutAsGitHubSays() throws Exception {
        var host = GitHubPullRequests.connect(standIn.apiUrl(), "acme/shop", new GitHubCredentials.Anonymous());
        standIn.failNext(2, 403, Duration.ofSeconds(1));

        var opened = host.open(change());

        assertThat(opened.number()).isPositive();
        assertThat(standIn.pullRequests()).hasSize(1);
    }

    @Test
    void recentlyClosedListsTheClosedPullRequestsWithTheirMerges() throws Exception {
        var host = GitHubPullRequests.connect(standIn.apiUrl(), "acme/shop", new GitHubCredentials.Anonymous());
        var opened = host.open(change());
        assertThat(host.recentlyClosed(10)).isEmpty();

        var merged = standIn.merge(opened.number());

        assertThat(host.recentlyClosed(10)).singleElement().satisfies(pull -> {
            assertThat(pull.merged()).isTrue();
            assertThat(pull.mergeCommitSha()).isEqualTo(merged.merge().orElseThrow().commitSha());
            assertThat(pull.mergedAt()).isEqualTo(merged.merge().orElseThrow().mergedAt());
            assertThat(pull.mergedBy()).isEqualTo(merged.merge().orElseThrow().mergedBy());
            assertThat(pull.closedAt()).isNotNull();
        });
    }
}
