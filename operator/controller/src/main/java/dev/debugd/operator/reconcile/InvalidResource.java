package dev.debugd.operator.reconcile;

/**
 * A resource the operator will not act on as it is: an unknown tenant, a missing Secret, a refused change. Its status
 * says why, nothing is created for it, and it is tried again with back-off (the Secret or Tenant may come).
 */
public final class InvalidResource extends RuntimeException {

    private final String reason;

    public InvalidResource(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** A CamelCase word for the Ready condition's reason. */
    public String reason() {
        return reason;
    }
}
