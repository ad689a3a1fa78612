package dev.debugd.context.snapshot;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets and personal data from text before it leaves the context builder (design §9): private keys, JWTs,
 * passwords in URLs, bearer and basic credentials, vendor API keys and tokens, the values of secret-looking settings,
 * email addresses and card numbers. A redacted value keeps its kind ({@code <redacted:jwt>}), so a reader still sees
 * that a token was there and which. Rules run in order, each on what the ones before left. Pure.
 */
public final class Redaction {

    private static final String MARK = "<redacted:";

    /** One rule: what it finds, and what it puts in place of the secret part. */
    private record Rule(Pattern pattern, Replacer replacer) {}

    @FunctionalInterface
    private interface Replacer {
        String replace(Matcher match);
    }

    private static Rule whole(String regex, String kind) {
        return new Rule(Pattern.compile(regex), match -> MARK + kind + ">");
    }

    private static final List<Rule> RULES = List.of(
            // PEM private keys, also cut off before their END line.
            whole("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\\s\\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[A-Za-z0-9+/=\\s\\\\]*)",
                    "private_key"),
            whole("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*", "jwt"),
            // scheme://user:password@host keeps the user and the host.
            new Rule(Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://[^\\s:/@<>]+:)([^\\s@/<>]+)@"),
                    match -> match.group(1) + MARK + "password>@"),
            new Rule(Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9\\-._~+/]{8,}=*"), match -> match.group(1) + MARK + "token>"),
            new Rule(Pattern.compile("(?i)\\b(basic\\s+)[A-Za-z0-9+/]{8,}=*"), match -> match.group(1) + MARK + "basic_auth>"),
            whole("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b", "aws_key"),
            whole("\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b", "github_token"),
            whole("\\bglpat-[A-Za-z0-9_-]{20,}", "gitlab_token"),
            whole("\\bxox[abposr]-[A-Za-z0-9-]{10,}", "slack_token"),
            whole("\\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\\b|\\bwhsec_[A-Za-z0-9]{20,}\\b", "stripe_key"),
            whole("\\bsk-ant-[A-Za-z0-9_-]{20,}", "anthropic_key"),
            whole("\\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}", "openai_key"),
            whole("\\bAIza[0-9A-Za-z_-]{35}\\b", "google_key"),
            whole("\\bSG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}", "sendgrid_key"),
            whole("\\bnpm_[A-Za-z0-9]{36}\\b", "npm_token"),
            // password=…, "api_key": "…", SECRET_TOKEN: … — the name stays, the value goes.
            // The name must end with the secret word, so "OAuthException: invalid grant" stays as it is.
            new Rule(Pattern.compile("(?i)\\b([a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key"
                    + "|private[_-]?key|credentials?|auth|authorization))(\"?\\s*[=:]\\s*\"?)(?!<redacted|bearer\\b|basic\\b)"
                    + "([^\\s\"',;&<>]+)"),
                    match -> match.group(1) + match.group(2) + MARK
                            + (match.group(1).toLowerCase().matches(".*(password|passwd|pwd).*") ? "password>" : "secret>")),
            whole("\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b", "email"),
            // Card-like numbers: 13-19 digits starting as card numbers do (not epoch milliseconds), passing Luhn's check.
            new Rule(Pattern.compile("\\b[2-6](?:[ -]?\\d){12,18}\\b"),
                    match -> luhn(match.group()) ? MARK + "card>" : match.group()));

    private Redaction() {}

    /** The text with every secret it holds replaced by its kind. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        var result = text;
        for (var rule : RULES) {
            var matcher = rule.pattern().matcher(result);
            if (matcher.find()) {
                var out = new StringBuilder(result.length());
                do {
                    matcher.appendReplacement(out, Matcher.quoteReplacement(rule.replacer().replace(matcher)));
                } while (matcher.find());
                matcher.appendTail(out);
                result = out.toString();
            }
        }
        return result;
    }

    private static boolean luhn(String candidate) {
        var digits = candidate.replaceAll("[ -]", "");
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
