package dev.debugd.context.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile samples: each secret is gone and its kind is left in its place; evidence that is no secret stays. */
class RedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a JWT as a bearer token     | Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U | eyJzdWIiOiIxMjM0NTY3ODkwIn0 | Authorization: Bearer <redacted:jwt>
            an opaque bearer token      | calling billing with Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0 failed                                 | 9f8e7d6c5b4a39281706f5e4d3c2b1a0 | calling billing with Bearer <redacted:token> failed
            basic credentials           | upstream sent Authorization: Basic dXNlcjpwYXNzd29yZA==                                               | dXNlcjpwYXNzd29yZA== | upstream sent Authorization: Basic <redacted:basic_auth>
            a password in a URL         | connecting to postgres://app:S3cr3t-Pa55@db.internal:5432/shop                                        | S3cr3t-Pa55 | connecting to postgres://app:<redacted:password>@db.internal:5432/shop
            an AWS access key id        | using credentials AKIAIOSFODNN7EXAMPLE for s3                                                         | AKIAIOSFODNN7EXAMPLE | using credentials <redacted:aws_key> for s3
            an AWS secret setting       | aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY                                         | wJalrXUtnFEMI | aws_secret_access_key=<redacted:secret>
            a GitHub token              | git clone failed with token ghp_abcdefghijklmnopqrstuvwxyz0123456789                                  | ghp_abcdefghij | git clone failed with token <redacted:github_token>
            a fine-grained GitHub token | GITHUB_PAT is github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz                               | github_pat_11ABCDEFG | GITHUB_PAT is <redacted:github_token>
            a Slack bot token           | slack post failed for xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx                         | xoxb-1234 | slack post failed for <redacted:slack_token>
            a Stripe secret key         | stripe.api_key set to sk_live_51HfakeFAKEfakeFAKE1234 in config                                       | sk_live_51Hfake | stripe.api_key set to <redacted:stripe_key> in config
            an OpenAI key               | OpenAI answered 401 for key sk-proj-abcdefghijklmnopqrstuvwxyz123456                                  | abcdefghijklmnopqrstuvwxyz123456 | OpenAI answered 401 for key <redacted:openai_key>
            an Anthropic key            | x-api-key sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345 rejected                                      | sk-ant-api03 | x-api-key <redacted:anthropic_key> rejected
            a Google API key            | maps call with AIzaSyD-FAKEfakeFAKEfakeFAKEfakeFAKE123 denied                                          | AIzaSyD-FAKE | maps call with <redacted:google_key> denied
            a SendGrid key              | mail via SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789 refused                        | SG.abcdefghijklmnopqrstuv | mail via <redacted:sendgrid_key> refused
            a password in JSON          | '{"user": "bob", "password": "hunter2", "remember": true}'                                             | hunter2 | '{"user": "bob", "password": "<redacted:password>", "remember": true}'
            a password in the env       | starting with DB_PASSWORD=correct-horse-battery PORT=8080                                             | correct-horse-battery | starting with DB_PASSWORD=<redacted:password> PORT=8080
            an API key parameter        | GET /v1/rates?api_key=abc123def456ghi&currency=EUR -> 401                                             | abc123def456ghi | GET /v1/rates?api_key=<redacted:secret>&currency=EUR -> 401
            a header with a key         | request headers x-api-key: 7f3c9a1b2d4e6f80 accept: json                                               | 7f3c9a1b2d4e6f80 | request headers x-api-key: <redacted:secret> accept: json
            an email address            | password reset mail to jane.doe@example.com bounced                                                   | jane.doe@example.com | password reset mail to <redacted:email> bounced
            a card number with spaces   | charge declined for card 4111 1111 1111 1111 (insufficient funds)                                     | 4111 1111 1111 1111 | charge declined for card <redacted:card> (insufficient funds)
            a card number with dashes   | card=5500-0000-0000-0004 declined                                                                      | 5500-0000-0000-0004 | card=<redacted:card> declined
            """)
    void aSecretIsReplacedByItsKind(String what, String text, String secret, String expected) {
        var redacted = Redaction.redact(text);
        assertThat(redacted).as(what).doesNotContain(secret).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a stack frame                 | at com.acme.shop.cart.CartService.total(CartService.java:88)
            an auth failure message       | FATAL: password authentication failed for user "app"
            an OAuth exception            | com.acme.auth.OAuthException: invalid_grant: refresh token expired
            an epoch in milliseconds      | request 1777629594123 took 12 ms
            a URL without credentials     | GET https://api.example.com/v1/orders?id=7 -> 503
            a hex id                      | order 1041 failed: card 0x3fa9c declined
            a number failing Luhn's check | order 4111111111111112 not found
            a host and port               | connection refused: db.internal:5432
            """)
    void evidenceThatIsNoSecretStays(String what, String text) {
        assertThat(Redaction.redact(text)).as(what).isEqualTo(text);
    }

    @org.junit.jupiter.api.Test
    void aPrivateKeyGoesWholeAlsoWhenCutOff() {
        var pem = "loaded key -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq98mIWvJ3mZ\nQW1vYmlsZQ==\n-----END RSA PRIVATE KEY----- ok";
        assertThat(Redaction.redact(pem)).isEqualTo("loaded key <redacted:private_key> ok");
        var cut = "config dump: -----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC";
        assertThat(Redaction.redact(cut)).isEqualTo("config dump: <redacted:private_key>");
    }
}
