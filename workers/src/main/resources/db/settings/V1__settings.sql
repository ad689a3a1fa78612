-- Data that is not derived from Kafka lives here; a read-model rebuild never touches this schema.

-- Each projector that starts takes the next epoch, so a newer writer fences an older one, across rebuilds too.
CREATE SEQUENCE projector_epoch;
