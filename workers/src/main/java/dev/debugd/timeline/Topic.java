package dev.debugd.timeline;

/** The three topics of the debugging history (ARCHITECTURE §3); names take a configurable prefix. */
public enum Topic {
    /** Canonical lifecycle and progress facts, kept forever. */
    TIMELINE("timeline"),
    /** The evaluation schedule and its results. */
    EVALUATION("evaluation"),
    /** Platform operations: tasks, failures, rejections, configuration. */
    INTERNAL("internal");

    public static final String DEFAULT_PREFIX = "debugging.";

    private final String suffix;

    Topic(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    public String nameWith(String prefix) {
        return prefix + suffix;
    }
}
