package dev.debugd.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void actingIncludesReadingAndNothingIncludesIngesting() {
        var person = new Caller("acme", "alice", Set.of(Scope.ACT));
        assertThat(person.may(Scope.ACT)).isTrue();
        assertThat(person.may(Scope.READ)).isTrue();
        assertThat(person.may(Scope.INGEST)).isFalse();
        var reader = new Caller("acme", "dashboard", Set.of(Scope.READ));
        assertThat(reader.may(Scope.READ)).isTrue();
        assertThat(reader.may(Scope.ACT)).isFalse();
        var shipper = new Caller("acme", "vector", Set.of(Scope.INGEST));
        assertThat(shipper.may(Scope.INGEST)).isTrue();
        assertThat(shipper.may(Scope.READ)).isFalse();
        assertThat(shipper.may(Scope.ACT)).isFalse();
    }

    @Test
    void scopesAreReadFromTheirNames() {
        assertThat(ApiTokens.parseScopes(List.of("read", " act"))).containsExactlyInAnyOrder(Scope.READ, Scope.ACT);
        assertThatThrownBy(() -> ApiTokens.parseScopes(List.of("admin")))
                .hasMessage("scope 'admin' is not one of ingest, read, act");
    }
}
