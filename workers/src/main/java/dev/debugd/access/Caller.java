package dev.debugd.access;

import java.util.Set;

/** Who presented a token: its tenant, its name (the person or client the facts it records name) and its scopes. */
public record Caller(String tenant, String name, Set<Scope> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** Whether the token may do what this scope allows; acting includes reading. */
    public boolean may(Scope scope) {
        return scopes.contains(scope) || (scope == Scope.READ && scopes.contains(Scope.ACT));
    }
}
