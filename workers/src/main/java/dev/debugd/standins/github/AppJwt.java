package dev.debugd.standins.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A GitHub App's JSON Web Token checked as GitHub checks it: signed with RS256 by the app's private key, {@code iss}
 * the app's id (a number, or a string of digits as hub4j sends it), {@code exp} in the future and at most 10 minutes
 * after {@code iat}. A refusal is GitHub's 401 with GitHub's message.
 *
 * <p>The JDK verifies the signature, not jjwt: jjwt refuses a numeric {@code iss}, which GitHub accepts and octokit
 * sends.
 */
final class AppJwt {

    static final String UNDECODABLE = "A JSON web token could not be decoded";
    private static final Duration LONGEST = Duration.ofMinutes(10);
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AppJwt() {}

    /** @throws GitHubError 401 when GitHub would not take the JWT as the app's */
    static void verify(String jwt, long appId, PublicKey publicKey, Instant now) {
        var parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new GitHubError(401, UNDECODABLE);
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            var base64 = Base64.getUrlDecoder();
            header = JSON.readTree(base64.decode(parts[0]));
            claims = JSON.readTree(base64.decode(parts[1]));
            signature = base64.decode(parts[2]);
        } catch (IllegalArgumentException | JacksonException e) {
            throw new GitHubError(401, UNDECODABLE);
        }
        if (!header.path("alg").asString("").equals("RS256") || !signs(signature, parts[0] + "." + parts[1], publicKey)) {
            throw new GitHubError(401, UNDECODABLE);
        }
        var iss = claims.path("iss");
        var issuer = iss.isString() && DIGITS.matcher(iss.asString()).matches()
                ? OptionalLong.of(Long.parseLong(iss.asString())) : integer(iss);
        if (issuer.isEmpty()) {
            throw new GitHubError(401, "'Issuer' claim ('iss') must be an Integer");
        }
        // Signed with this app's key, yet naming another app: GitHub finds no app of that id with that key.
        if (issuer.getAsLong() != appId) {
            throw new GitHubError(401, "Integration not found");
        }
        var issuedAt = integer(claims.path("iat"));
        var expires = integer(claims.path("exp"));
        if (issuedAt.isEmpty()) {
            throw new GitHubError(401, UNDECODABLE);
        }
        if (expires.isEmpty() || expires.getAsLong() <= now.getEpochSecond()) {
            throw new GitHubError(401, "'Expiration time' claim ('exp') must be a numeric value representing the future"
                    + " time at which the assertion expires");
        }
        if (expires.getAsLong() - issuedAt.getAsLong() > LONGEST.toSeconds()
                || expires.getAsLong() > now.plus(LONGEST).getEpochSecond()) {
            throw new GitHubError(401, "'Expiration time' claim ('exp') is too far in the future");
        }
    }

    private static OptionalLong integer(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong() ? OptionalLong.of(node.longValue()) : OptionalLong.empty();
    }

    private static boolean signs(byte[] signature, String signed, PublicKey publicKey) {
        try {
            var verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(signed.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
