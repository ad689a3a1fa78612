package dev.debugd.signature;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The masking rules, each on messages written for the purpose. */
class MessageTemplateTest {

    private static void same(String a, String b) {
        assertThat(MessageTemplate.of(a)).as(a + " / " + b).isEqualTo(MessageTemplate.of(b));
    }

    private static void different(String a, String b) {
        assertThat(MessageTemplate.of(a)).as(a + " / " + b).isNotEqualTo(MessageTemplate.of(b));
    }

    @Test
    void masksNumbersIdsAddressesAndPaths() {
        assertThat(MessageTemplate.of("Received block blk_-4711 of size 67108864 from /10.0.0.7:50010"))
                .isEqualTo("Received block <*> of size <*> from <*>");
        same("user 42 logged in from 192.168.1.20 port 5522", "user 7 logged in from fe80::1ff:fe23:4567:890a port 22");
        same("request 550e8400-e29b-41d4-a716-446655440000 took 35ms", "request 6ba7b810-9dad-11d1-80b4-00c04fd430c8 took 1.2s");
        same("wrote /var/lib/app/cache/a.bin", "wrote C:\\\\data\\\\cache\\\\b.bin");
        same("fetching https://example.com/api/v1/items?page=2", "fetching http://localhost/health");
        same("mail to ops@example.com bounced", "mail to a.b@example.org bounced");
        same("connected to db-primary.internal.example.net", "connected to replica.example.com");
        same("pointer 0xdeadbeef freed", "pointer 0x7ffee4b2c8a0 freed");
    }

    @Test
    void keepsKeysAndMasksValues() {
        assertThat(MessageTemplate.of("session opened user=root uid=0 tty=")).isEqualTo("session opened user=<*> uid=<*> tty=<*>");
        same("state=RUNNING attempt=3", "state=FAILED attempt=");
    }

    @Test
    void masksQuotedValuesSizesDurationsAndTimestamps() {
        same("cannot open 'my report.pdf': denied", "cannot open 'a': denied");
        same("cache holds 8.8 KB, free 14.0 KB", "cache holds 93 B, free 1 GB");
        same("job ran for 5 seconds", "job ran for 12 ms");
        same("built Fri Dec 10 19:02:14 EST 2004 on node", "built Mon Sep 27 22:15:07 EDT 2004 on node");
        assertThat(MessageTemplate.of("built Fri Dec 10 19:02:14 EST 2004 on node")).isEqualTo("built <*> on node");
    }

    @Test
    void listsOfAnyLengthGiveOneTemplate() {
        same("nodes node-1 ok node-2 ok", "nodes node-1 ok node-2 ok node-3 ok node-4 ok");
        same("retrying 1 2 3", "retrying 9");
    }

    @Test
    void wordsStayAndTellEventsApart() {
        different("connection refused", "connection reset");
        different("disk full on 3", "disk quota exceeded on 3");
        assertThat(MessageTemplate.of("  Shutting   down  now.  ")).isEqualTo("Shutting down now.");
        assertThat(MessageTemplate.of("")).isEmpty();
    }
}
