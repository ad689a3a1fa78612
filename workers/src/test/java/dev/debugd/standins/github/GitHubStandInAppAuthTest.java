package dev.debugd.standins.github;

import static dev.debugd.standins.github.GitHubStandInTest.COUPONS;
import static dev.debugd.standins.github.GitHubStandInTest.FAULTY;
import static dev.debugd.standins.github.GitHubStandInTest.FAULTY_COUPONS_BLOB;
import static dev.debugd.standins.github.GitHubStandInTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.authorization.AppInstallationAuthorizationProvider;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;
import tools.jackson.databind.JsonNode;

/**
 * GitHub App authentication as GitHub asks it, driven through hub4j's own path (the app's JWT for {@code /app}, an
 * installation token for the repository), and a required personal token.
 */
class GitHubStandInAppAuthTest {

    static final long APP_ID = 424242;
    static final long INSTALLATION_ID = 31337;
    static final String PERSONAL_TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    static final String BAD_CREDENTIALS =
            "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}";
    static final String UNDECODABLE = "A JSON web token could not be decoded";

    GitHubStandIn standIn;
    KeyPair appKey;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException, GeneralSecurityException {
        standIn = GitHubStandIn.start(DemoRepository.build(), 0);
        appKey = rsaKeyPair();
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void anInstallationReadsTheRepositoryWithOneTokenAsHub4jAsksForIt() throws Exception {
        standIn.requireApp(APP_ID, INSTALLATION_ID, appKey.getPublic());
        var github = asInstallation(APP_ID, INSTALLATION_ID, appKey.getPrivate());

        var repo = github.getRepository("acme/shop");

        assertThat(repo.getFullName()).isEqualTo("acme/shop");
        assertThat(repo.getCommit(FAULTY).getCommitShortInfo().getMessage())
                .isEqualTo("checkout: apply coupons by code, in any case");
        assertThat(repo.getFileContent(COUPONS, FAULTY).getSha()).isEqualTo(FAULTY_COUPONS_BLOB);
        assertThat(github.getRepository("acme/shop").getRef("heads/main").getObject().getSha()).isEqualTo(FAULTY);
        assertThat(standIn.installationTokensIssued()).as("hub4j keeps its token for the hour").isEqualTo(1);
        assertThat(standIn.requests()).containsSubsequence(new GitHubStandIn.Request("GET", "/app"),
                new GitHubStandIn.Request("GET", "/app/installations/" + INSTALLATION_ID),
                new GitHubStandIn.Request("POST", "/app/installations/" + INSTALLATION_ID + "/access_tokens"),
                new GitHubStandIn.Request("GET", "/repos/acme/shop"));
    }

    @Test
    void aKeyThatIsNotTheAppsGetsNoToken() throws Exception {
        standIn.requireApp(APP_ID, INSTALLATION_ID, appKey.getPublic());
        var github = asInstallation(APP_ID, INSTALLATION_ID, rsaKeyPair().getPrivate());

        assertThatThrownBy(() -> github.getRepository("acme/shop"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401))
                .hasMessageContaining(UNDECODABLE);
        assertThat(standIn.installationTokensIssued()).isZero();
        assertThat(standIn.requests()).doesNotContain(new GitHubStandIn.Request("GET", "/repos/acme/shop"));
    }

    @Test
    void theAppsKeyNamingAnotherAppOrInstallationGetsNoToken() throws Exception {
        standIn.requireApp(APP_ID, INSTALLATION_ID, appKey.getPublic());

        assertThatThrownBy(() -> asInstallation(APP_ID + 1, INSTALLATION_ID, appKey.getPrivate()).getRepository("acme/shop"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401))
                .hasMessageContaining("Integration not found");
        assertThatThrownBy(() -> asInstallation(APP_ID, INSTALLATION_ID + 1, appKey.getPrivate()).getRepository("acme/shop"))
                .isInstanceOf(GHFileNotFoundException.class);
        assertThat(standIn.installationTokensIssued()).isZero();
    }

    @Test
    void theJwtIsCheckedAsGitHubChecksIt() throws Exception {
        standIn.requireApp(APP_ID, INSTALLATION_ID, appKey.getPublic());
        var installation = "/app/installations/" + INSTALLATION_ID;
        long now = Instant.now().getEpochSecond();

        assertThat(get(installation, bearer(jwt(APP_ID, now - 60, now + 540, appKey.getPrivate()))).statusCode())
                .as("iss a number, as octokit sends it").isEqualTo(200);
        assertThat(get(installation, bearer(jwt(Long.toString(APP_ID), now - 60, now + 540, appKey.getPrivate())))
                .statusCode()).as("iss a string, as hub4j sends it").isEqualTo(200);
        assertThat(get("/app/installations/" + (INSTALLATION_ID + 1),
                bearer(jwt(APP_ID, now - 60, now + 540, appKey.getPrivate()))).statusCode()).isEqualTo(404);

        assertRefused(get(installation, Optional.empty()), UNDECODABLE);
        assertRefused(get(installation, bearer("not.a.jwt")), UNDECODABLE);
        assertRefused(get(installation, bearer(jwt(APP_ID, now - 60, now + 540, rsaKeyPair().getPrivate()))), UNDECODABLE);
        assertRefused(get(installation, bearer(jwt(APP_ID + 1, now - 60, now + 540, appKey.getPrivate()))),
                "Integration not found");
        assertRefused(get(installation, bearer(jwt(APP_ID, now - 600, now - 1, appKey.getPrivate()))),
                "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the"
                        + " assertion expires");
        assertRefused(get(installation, bearer(jwt(APP_ID, now - 120, now + 481, appKey.getPrivate()))),
                "'Expiration time' claim ('exp') is too far in the future");
        assertThat(standIn.installationTokensIssued()).isZero();
    }

    @Test
    void theAppsResponsesAreGitHubsShapes() throws Exception {
        standIn.requireApp(APP_ID, INSTALLATION_ID, appKey.getPublic());
        long now = Instant.now().getEpochSecond();
        var jwt = bearer(jwt(APP_ID, now - 60, now + 540, appKey.getPrivate()));

        var app = JSON.readTree(get("/app", jwt).body());
        assertThat(app.get("id").asLong()).isEqualTo(APP_ID);
        GitHubStandInTest.assertHasEveryKey("app", app, example("apps-get-authenticated.default.json"));

        var installation = JSON.readTree(get("/app/installations/" + INSTALLATION_ID, jwt).body());
        assertThat(installation.get("id").asLong()).isEqualTo(INSTALLATION_ID);
        assertThat(installation.get("app_id").asLong()).isEqualTo(APP_ID);
        assertThat(installation.get("account").get("login").asString()).isEqualTo("acme");
        assertThat(installation.get("access_tokens_url").asString())
                .isEqualTo(standIn.apiUrl() + "/app/installations/" + INSTALLATION_ID + "/access_tokens");
        GitHubStandInTest.assertHasEveryKey("installation", installation, example("apps-get-installation.default.json"));
        assertThat(installation.toString()).doesNotContain("https://api.github.com", "https://github.com");

        var before = Instant.now();
        var created = send("POST", "/app/installations/" + INSTALLATION_ID + "/access_tokens", jwt);
        var after = Instant.now();
        assertThat(created.statusCode()).isEqualTo(201);
        var token = JSON.readTree(created.body());
        var example = example("apps-create-installation-access-token.default.json");
        GitHubStandInTest.assertHasEveryKey("token", token, example);
        assertThat(token.get("token").asString()).matches("ghs_[A-Za-z0-9]{36}");
        assertThat(token.get("expires_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Instant.parse(token.get("expires_at").asString()))
                .isBetween(before.plus(Duration.ofHours(1)).minusSeconds(1), after.plus(Duration.ofHours(1)));
        assertThat(token.get("permissions")).isEqualTo(example.get("permissions"));
        assertThat(token.get("repository_selection").asString()).isEqualTo("selected");
        assertThat(token.get("repositories").get(0).get("full_name").asString()).isEqualTo("acme/shop");

        var installationToken = token.get("token").asString();
        assertThat(get("/repos/acme/shop", Optional.of("token " + installationToken)).statusCode()).isEqualTo(200);
        assertThat(get("/repos/acme/shop", bearer(installationToken)).statusCode()).isEqualTo(200);
        var again = JSON.readTree(send("POST", "/app/installations/" + INSTALLATION_ID + "/access_tokens", jwt).body());
        assertThat(again.get("token").asString()).isNotEqualTo(installationToken);
        assertThat(standIn.installationTokensIssued()).isEqualTo(2);
    }

    @Test
    void theRepositoryTakesOnlyAnInstallationToken() throws Exception {
        standIn.requireApp(APP_ID, INSTALLATION_ID, appKey.getPublic());
        long now = Instant.now().getEpochSecond();
        var jwt = jwt(APP_ID, now - 60, now + 540, appKey.getPrivate());

        for (var authorization : Map.of("anonymous", Optional.<String>empty(), "the app's JWT", bearer(jwt),
                "a made-up installation token", Optional.of("token ghs_16C7e42F292c6912E7710c838347Ae178B4a")).entrySet()) {
            var response = get("/repos/acme/shop/commits/" + FAULTY, authorization.getValue());
            assertThat(response.statusCode()).as(authorization.getKey()).isEqualTo(401);
            assertThat(response.body()).as(authorization.getKey()).isEqualTo(BAD_CREDENTIALS);
        }
        assertThat(get("/", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(get("/rate_limit", Optional.empty()).statusCode()).isEqualTo(200);
    }

    @Test
    void aRequiredTokenIsAskedOfEveryRequestButTheRootAndTheRateLimit() throws Exception {
        standIn.requireToken(PERSONAL_TOKEN);

        var repo = client().withOAuthToken(PERSONAL_TOKEN).build().getRepository("acme/shop");
        assertThat(repo.getCommit(FAULTY).getSHA1()).isEqualTo(FAULTY);
        assertThat(get("/repos/acme/shop", bearer(PERSONAL_TOKEN)).statusCode()).isEqualTo(200);

        assertThatThrownBy(() -> client().withOAuthToken("ghp_" + "x".repeat(36)).build().getRepository("acme/shop"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401))
                .hasMessageContaining("Bad credentials");
        assertThatThrownBy(() -> client().build().getRepository("acme/shop"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401));
        var anonymous = get("/repos/acme/shop/pulls", Optional.empty());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo(BAD_CREDENTIALS);
        assertThat(get("/", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(get("/rate_limit", Optional.empty()).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutRequirementsNobodyIsAskedAndThereIsNoApp() throws Exception {
        assertThat(get("/repos/acme/shop", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(get("/app", Optional.empty()).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/app/installations/" + INSTALLATION_ID + "/access_tokens", Optional.empty()).statusCode())
                .isEqualTo(404);
    }

    private GitHub asInstallation(long appId, long installationId, PrivateKey key) throws Exception {
        var jwt = new JWTTokenProvider(String.valueOf(appId), pem(key));
        return client().withAuthorizationProvider(new AppInstallationAuthorizationProvider(
                app -> app.getInstallationById(installationId), jwt)).build();
    }

    private GitHubBuilder client() {
        return new GitHubBuilder().withEndpoint(standIn.apiUrl().toString())
                .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL);
    }

    private HttpResponse<String> get(String path, Optional<String> authorization) throws Exception {
        return send("GET", path, authorization);
    }

    private HttpResponse<String> send(String method, String path, Optional<String> authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(standIn.apiUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        authorization.ifPresent(header -> request.header("Authorization", header));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).as(message).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("message").asString()).isEqualTo(message);
    }

    private static Optional<String> bearer(String credential) {
        return Optional.of("Bearer " + credential);
    }

    /** A JWT as a GitHub App signs it: RS256, with {@code iss} a number or a string. */
    private static String jwt(Object issuer, long issuedAt, long expires, PrivateKey key) throws GeneralSecurityException {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("iat", issuedAt);
        claims.put("exp", expires);
        claims.put("iss", issuer);
        var base64 = Base64.getUrlEncoder().withoutPadding();
        var signed = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(JSON.writeValueAsBytes(claims));
        var signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + base64.encodeToString(signature.sign());
    }

    private static KeyPair rsaKeyPair() throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** The private key as hub4j reads it: PKCS#8 PEM, base64 in lines of 64. */
    private static String pem(PrivateKey key) {
        var base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    private static JsonNode example(String file) throws IOException {
        try (InputStream in = GitHubStandInAppAuthTest.class.getResourceAsStream("/standins/github/shapes/" + file)) {
            return JSON.readTree(in);
        }
    }
}
