package dev.debugd.integrations.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.config.ResourceSpecs;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GitHubCredentialsTest {

    private static final String PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
    private static final Map<String, String> SECRETS = Map.of("gh/token", "ghp_secretToken123", "gh/app.pem", PEM);

    private static IntegrationSpec spec(String json) {
        return ResourceSpecs.integration(JsonMapper.builder().build().readTree(json.replace('\'', '"'))).orElseThrow();
    }

    private static Optional<String> secret(SecretKeyRef ref) {
        return Optional.ofNullable(SECRETS.get(ref.name() + "/" + ref.key()));
    }

    @Test
    void anIntegrationWithoutCredentialsReadsAnonymously() throws Exception {
        var credentials = GitHubCredentials.of(spec("{'tenant':'acme','type':'github','repository':'acme/shop'}"),
                GitHubCredentialsTest::secret);
        assertThat(credentials).isEqualTo(new GitHubCredentials.Anonymous());
        assertThat(credentials.secret()).isEmpty();
    }

    @Test
    void aTokenOrAnAppIsReadFromTheSecretItNamesAndNeverPrinted() throws Exception {
        var token = GitHubCredentials.of(spec("{'tenant':'acme','type':'github','repository':'acme/shop',"
                + "'credentials':{'name':'gh','key':'token'}}"), GitHubCredentialsTest::secret);
        assertThat(token).isEqualTo(new GitHubCredentials.Token("ghp_secretToken123"));
        assertThat(token.secret()).hasValue("ghp_secretToken123");
        assertThat(token.toString()).doesNotContain("ghp_secretToken123");

        var app = GitHubCredentials.of(spec("{'tenant':'acme','type':'github','repository':'acme/shop',"
                + "'githubApp':{'appId':412873,'installationId':58213402,'privateKey':{'name':'gh','key':'app.pem'}}}"),
                GitHubCredentialsTest::secret);
        assertThat(app).isEqualTo(new GitHubCredentials.App(412873, 58213402, PEM));
        assertThat(app.secret()).hasValue(PEM);
        assertThat(app.toString()).contains("412873").contains("58213402").doesNotContain("BEGIN").doesNotContain("MIIE");
    }

    @Test
    void aSecretThatIsNotThereIsAMistakeNotAnonymousAccess() {
        assertThatThrownBy(() -> GitHubCredentials.of(spec("{'tenant':'acme','type':'github','repository':'acme/shop',"
                + "'credentials':{'name':'gh','key':'other'}}"), GitHubCredentialsTest::secret))
                .isInstanceOf(GitHubCredentials.Missing.class)
                .hasMessage("the GitHub Integration's token (Secret gh, key other) is not there");
        assertThatThrownBy(() -> GitHubCredentials.of(spec("{'tenant':'acme','type':'github','repository':'acme/shop',"
                + "'githubApp':{'appId':1,'installationId':2,'privateKey':{'name':'nope','key':'app.pem'}}}"),
                GitHubCredentialsTest::secret))
                .isInstanceOf(GitHubCredentials.Missing.class)
                .hasMessage("the GitHub Integration's App private key (Secret nope, key app.pem) is not there");
    }
}
