package dev.debugd.timeline;

/** An event as read from Kafka, with its position: for two records of one event id, the lower offset wins. */
public record TimelineRecord(Event event, String topic, int partition, long offset) {

    /** True when this record wins over another of the same event id (ARCHITECTURE §3: lowest offset). */
    public boolean winsOver(TimelineRecord other) {
        return winsOver(offset, partition, other.offset, other.partition);
    }

    /** The rule itself, for whatever keeps a record's position without the record. */
    public static boolean winsOver(long offset, int partition, long otherOffset, int otherPartition) {
        return offset < otherOffset || (offset == otherOffset && partition < otherPartition);
    }
}
