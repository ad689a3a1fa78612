package dev.debugd.e2e.ingest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that shares one API on the real stack among its tests (started before them, closed after). */
abstract class WithIngestServer {

    static IngestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new IngestServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
