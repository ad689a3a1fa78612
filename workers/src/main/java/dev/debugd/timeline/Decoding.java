package dev.debugd.timeline;

/** What reading one Kafka record gives: an event, or the reason it was refused. */
public sealed interface Decoding {

    record Decoded(Event event) implements Decoding {}

    /** reason names the field or the rule that failed, e.g. "tenant_id is missing". */
    record Rejected(String reason) implements Decoding {}
}
