package dev.debugd.projection;

/**
 * The status of one investigation cycle: the highest lifecycle fact of the cycle present, by this precedence (the
 * order of the constants). An incident's status is its latest cycle's (see {@link IncidentProjection} for which cycle
 * that is when the resolver's reopen is void). Resolution and suppression are terminal for their cycle; a later cycle
 * starts at REOPENED, below every fact it can go on to, so a reopened cycle's own progress shows at once.
 *
 * <p>NEEDS_HUMAN ranks above FIX_APPLIED (the evaluation comes after the merge; a late merge of another pull request
 * does not hide it) and below RESOLVED and SUPPRESSED (a person's, or the resolver's, later close of that cycle wins).
 * When the resolver reopens the cycle instead, the reopen carries the next cycle, so the incident's status moves on to
 * that cycle's REOPENED by itself and the NEEDS_HUMAN of the cycle before is history.
 */
public enum IncidentStatus {
    /** Records exist, but no lifecycle fact of the latest cycle has been read yet. */
    PENDING,
    REOPENED,
    DETECTED,
    CONTEXT_BUILT,
    ROOT_CAUSE_PROPOSED,
    FIX_PROPOSED,
    FIX_APPLIED,
    /**
     * The cycle's fix did not hold and the machine has nothing left to try in it: an {@code EvaluationCompleted} with
     * the verdict "fail" (or recorded as not passed before verdicts were), or the cycle's third inconclusive one (its
     * longest observation window, {@code ResolverRules.WINDOWS}). In the tenant's last cycle nothing follows (a person
     * has to decide); in an earlier one the resolver's reopen opens the next cycle, which then is the incident's.
     */
    NEEDS_HUMAN,
    RESOLVED,
    SUPPRESSED
}
