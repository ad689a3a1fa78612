package dev.debugd.proposals;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The branch of a pull request of ours, named after the task that opens it: what it proposes (a fix or
 * instrumentation), the tenant, the incident, the cycle and the agent version of the draft. A retried task finds its
 * branch again; a merge is attributed by its branch alone, so a merge read before our own {@code FixProposed} still
 * counts. Pure.
 */
public final class ProposalBranches {

    /** What a pull request of ours proposes. */
    public enum Kind {
        FIX, INSTRUMENTATION;

        String segment() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whose a branch is. */
    public record Owner(Kind kind, String tenant, String incident, int cycle, String version) {}

    private static final String PREFIX = "debugd/";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern BRANCH = Pattern.compile("debugd/(fix|instrumentation)/([^/]+)/([^/]+)/cycle-(\\d+)-v([^/]+)");

    private ProposalBranches() {}

    /** e.g. {@code debugd/fix/acme/ep-5577/cycle-1-v1.0.0}; refuses names git would refuse or that would not parse back. */
    public static String branch(Owner owner) {
        for (var segment : new String[] {owner.tenant(), owner.incident(), owner.version()}) {
            if (!SEGMENT.matcher(segment).matches() || segment.contains("..") || segment.endsWith(".lock")
                    || segment.endsWith(".")) {
                throw new IllegalArgumentException("'" + segment + "' cannot be part of a branch name");
            }
        }
        if (owner.cycle() < 1) {
            throw new IllegalArgumentException("cycle " + owner.cycle() + " is not a cycle");
        }
        return PREFIX + owner.kind().segment() + "/" + owner.tenant() + "/" + owner.incident() + "/cycle-" + owner.cycle() + "-v"
                + owner.version();
    }

    /** Whose the branch is, when it is one of ours. */
    public static Optional<Owner> owner(String branch) {
        var matcher = BRANCH.matcher(branch == null ? "" : branch);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        var kind = matcher.group(1).equals("fix") ? Kind.FIX : Kind.INSTRUMENTATION;
        try {
            return Optional.of(new Owner(kind, matcher.group(2), matcher.group(3), Integer.parseInt(matcher.group(4)),
                    matcher.group(5)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
