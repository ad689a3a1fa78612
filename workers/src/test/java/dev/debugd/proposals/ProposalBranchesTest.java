package dev.debugd.proposals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.debugd.proposals.ProposalBranches.Kind;
import dev.debugd.proposals.ProposalBranches.Owner;
import org.junit.jupiter.api.Test;

class ProposalBranchesTest {

    @Test
    void aBranchNamesTheTaskAndReadsBack() {
        var owner = new Owner(Kind.FIX, "acme", "ep-557760e77557304c81fa7b29", 2, "1");
        assertThat(ProposalBranches.branch(owner)).isEqualTo("debugd/fix/acme/ep-557760e77557304c81fa7b29/cycle-2-v1");
        assertThat(ProposalBranches.owner("debugd/fix/acme/ep-557760e77557304c81fa7b29/cycle-2-v1")).contains(owner);
        assertThat(ProposalBranches.owner("debugd/instrumentation/shop-eu/inc-7/cycle-1-v2.0.0"))
                .contains(new Owner(Kind.INSTRUMENTATION, "shop-eu", "inc-7", 1, "2.0.0"));
    }

    @Test
    void otherBranchesAreNotOurs() {
        assertThat(ProposalBranches.owner("main")).isEmpty();
        assertThat(ProposalBranches.owner("feature/debugd/fix/acme/ep-1/cycle-1-v1")).isEmpty();
        assertThat(ProposalBranches.owner("debugd/fix/acme/ep-1/cycle-one-v1")).isEmpty();
        assertThat(ProposalBranches.owner("debugd/revert/acme/ep-1/cycle-1-v1")).isEmpty();
        assertThat(ProposalBranches.owner("debugd/fix/acme/ep-1/cycle-99999999999-v1")).as("not a cycle number").isEmpty();
        assertThat(ProposalBranches.owner(null)).isEmpty();
    }

    @Test
    void namesGitWouldRefuseAreRefused() {
        assertThatThrownBy(() -> ProposalBranches.branch(new Owner(Kind.FIX, "acme", "a..b", 1, "1")))
                .hasMessageContaining("'a..b'");
        assertThatThrownBy(() -> ProposalBranches.branch(new Owner(Kind.FIX, "acme", "ep-1", 1, "v.lock")))
                .hasMessageContaining("'v.lock'");
        assertThatThrownBy(() -> ProposalBranches.branch(new Owner(Kind.FIX, "acme/x", "ep-1", 1, "1")))
                .hasMessageContaining("'acme/x'");
        assertThatThrownBy(() -> ProposalBranches.branch(new Owner(Kind.FIX, "acme", "ep-1", 0, "1"))).hasMessageContaining("cycle 0");
    }
}
