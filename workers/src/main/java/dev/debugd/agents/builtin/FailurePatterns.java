package dev.debugd.agents.builtin;

import dev.debugd.timeline.RootCauseCategory;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What each root-cause category looks like in evidence: the wording runtimes, drivers and clients print for it, each
 * with a weight (1 = says it outright, less = points to it). Patterns are about kinds of failure, not about one
 * library: a new library's message for the same failure should still match.
 */
final class FailurePatterns {

    /** One pattern of a category. */
    record Clue(Pattern pattern, double weight) {}

    private static Clue clue(String regex, double weight) {
        return new Clue(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), weight);
    }

    static final Map<RootCauseCategory, List<Clue>> BY_CATEGORY = Map.ofEntries(
            Map.entry(RootCauseCategory.POOL_EXHAUSTION, List.of(
                    clue("connection is not available, request timed out", 1),
                    clue("pool (is )?exhausted|exhausted (the )?(connection )?pool|pool has been exhausted", 1),
                    clue("could not obtain a connection from the pool|all pooled connections were in use", 1),
                    clue("max(imum)? pool size|pool limit|queuepool limit|too many (clients|connections)", 1),
                    clue("max(imum)? number of clients reached|timeout waiting for (idle )?(connection|object) from pool", 1),
                    clue("(hikari|dbcp|c3p0|bb8|r2d2|pgbouncer|connection ?pool)", 0.4))),
            Map.entry(RootCauseCategory.MEMORY_EXHAUSTION, List.of(
                    clue("out ?of ?memory|outofmemoryerror|heap out of memory|heap limit", 1),
                    clue("allowed memory size of \\d+ bytes exhausted|memoryerror|cannot allocate memory|std::bad_alloc", 1),
                    clue("oomkilled|oom[- ]killer|exit code 137|gc overhead limit exceeded|java heap space", 1))),
            Map.entry(RootCauseCategory.DISK_EXHAUSTION, List.of(
                    clue("no space left on device|enospc|disk (is )?full|disk quota exceeded|not enough (disk )?space", 1),
                    clue("possibly out of free disk space|insufficient (disk|storage) space|filesystem (is )?full", 1))),
            Map.entry(RootCauseCategory.RATE_LIMITED, List.of(
                    clue("\\b429\\b|too many requests|rate.?limit|rate exceeded|throttl|slow ?down|quota exceeded", 1),
                    clue("requests? per (second|minute)|retry-after", 0.5))),
            Map.entry(RootCauseCategory.CERTIFICATE_OR_AUTH, List.of(
                    clue("x509|certificate (has )?expired|certificate verify failed|certificate_verify_failed", 1),
                    clue("sslhandshake|ssl ?error|tls handshake|pkix path|self[- ]signed certificate|unable to get local issuer", 1),
                    clue("\\b401\\b|unauthori[sz]ed|access denied for user|authentication failed|invalid[_ ](token|grant|api ?key|credentials)", 1),
                    clue("(token|credentials?|signature) (has )?expired|permission denied \\(publickey\\)|\\b403\\b|forbidden", 0.7))),
            Map.entry(RootCauseCategory.DNS_OR_NETWORK, List.of(
                    clue("no such host|getaddrinfo|enotfound|eai_again|name or service not known|unknownhostexception", 1),
                    clue("temporary failure in name resolution|could not resolve host|name resolution|nxdomain", 1),
                    clue("lookup [\\w.-]+( on [\\d.:]+)?: |dns", 0.8),
                    clue("network is unreachable|no route to host|enetunreach|ehostunreach", 1))),
            Map.entry(RootCauseCategory.SCHEMA_MISMATCH, List.of(
                    clue("column [\"'`]?[\\w.]+[\"'`]? (of relation [\"'`]?\\w+[\"'`]? )?does not exist|unknown column|no such column", 1),
                    clue("relation [\"'`]?[\\w.]+[\"'`]? does not exist|table [\"'`]?[\\w.]+[\"'`]? doesn't exist|no such table", 1),
                    clue("undefinedcolumn|undefinedtable|sqlstate\\[42s22\\]|sqlstate\\[42s02\\]|42703|42p01", 1),
                    clue("unrecognized field|cannot deserialize|could not be converted to|json value could not|missing field|"
                            + "unexpected (token|end of json)|schema (mismatch|validation)|incompatible (schema|types?)", 0.9),
                    clue("migration|migrate", 0.5))),
            Map.entry(RootCauseCategory.MISSING_CONFIG, List.of(
                    clue("could not resolve placeholder|key not found: \"[A-Z][A-Z0-9_]+\"|keyerror: '[A-Z][A-Z0-9_]+'", 1),
                    clue("environment variable [\"'`]?[A-Z][A-Z0-9_]+[\"'`]? (is )?(not set|missing|undefined|required)", 1),
                    clue("(missing|required|undefined) (configuration|config|setting|env(ironment)? var(iable)?|secret)", 1),
                    clue("section '[\\w:.]+' not found|no value (present|bound) for|is not configured|not set in (the )?env", 1),
                    clue("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]*(KEY|TOKEN|SECRET|URL|DSN|HOST|PASSWORD)\\b", 0.5))),
            Map.entry(RootCauseCategory.BAD_CONFIG_VALUE, List.of(
                    clue("invalid literal for int\\(\\)|numberformatexception|for input string|could not parse|cannot parse", 1),
                    clue("missing unit in duration|invalid duration|unknown or bad timezone|invalid (value|setting|configuration)", 1),
                    clue("optionsvalidationexception|validation failed for (option|config)|out of range for (option|setting)", 1),
                    clue("is not a valid|must be (a |an )?(positive|number|integer|between|one of)|malformed (url|config)", 0.7))),
            Map.entry(RootCauseCategory.DEPENDENCY_UNAVAILABLE, List.of(
                    clue("connection refused|econnrefused|actively refused|connect failed|failed to connect", 1),
                    clue("\\bunavailable\\b|service unavailable|\\b503\\b|\\b502\\b|bad gateway|upstream connect error", 0.8),
                    clue("connection reset|econnreset|broken pipe|server closed the connection", 0.6),
                    clue("could not connect to (server|database|host)|no connection could be made", 1))),
            Map.entry(RootCauseCategory.DEPENDENCY_TIMEOUT, List.of(
                    clue("timed? ?out|timeout|deadline exceeded|etimedout|esockettimedout", 1),
                    clue("\\b504\\b|gateway time-?out|took too long|operation timed out", 0.8))),
            Map.entry(RootCauseCategory.CODE_DEFECT, List.of(
                    clue("nullpointerexception|null reference|nullreferenceexception|nil pointer dereference|"
                            + "undefined method .* for nil|nomethoderror", 1),
                    clue("cannot read propert(y|ies) of (undefined|null)|is not a function|is not defined|referenceerror", 1),
                    clue("'nonetype' object|attributeerror|typeerror|indexerror|index out of range|indexoutofbounds|"
                            + "arrayindexoutofbounds|argumentoutofrange|zerodivision|divide by zero|classcastexception", 1),
                    clue("invalid memory address|unhandled exception|assertion failed|illegalargumentexception", 0.5))));

    private FailurePatterns() {}
}
