package dev.debugd.projection;

/**
 * An incident's status within its latest cycle: the highest lifecycle fact present, by this precedence.
 * Resolution and suppression are terminal for their cycle; a later cycle starts at REOPENED.
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
    RESOLVED,
    SUPPRESSED
}
