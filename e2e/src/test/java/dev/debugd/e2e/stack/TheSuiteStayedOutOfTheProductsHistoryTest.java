package dev.debugd.e2e.stack;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs after every other test class: nothing the suite made was written into the product's canonical topics. */
@Order(Integer.MAX_VALUE)
class TheSuiteStayedOutOfTheProductsHistoryTest {

    @Test
    void noRecordOfTheSuiteIsInTheCanonicalTopics() {
        var kafka = LocalStack.requireKafka().kafka();
        var report = CanonicalHistoryGuard.check(kafka, CanonicalHistoryGuard.runStart(), SuiteIds.created());
        System.out.println("canonical-topic guard: " + report.summary());
        report.assertClean();
    }
}
