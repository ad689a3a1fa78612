package dev.debugd;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The layer rules of ARCHITECTURE §1, over the workers' main classes. */
@AnalyzeClasses(packages = "dev.debugd", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String[] SHARED_LANGUAGE = {"dev.debugd.timeline", "dev.debugd.evidence", "dev.debugd.config",
        "dev.debugd.operator.api.."};
    static final String[] PURE_CORE = {"dev.debugd.signature..", "dev.debugd.projection..", "dev.debugd.detect.rules..",
        "dev.debugd.context.snapshot..", "dev.debugd.agents..",
        "dev.debugd.dispatch.rules..", "dev.debugd.proposals..", "dev.debugd.resolve.rules..", "dev.debugd.sentry..",
        "dev.debugd.memory"};
    static final String[] ADAPTERS = {"dev.debugd.access..", "dev.debugd.timeline.kafka..", "dev.debugd.timeline.offsets..", "dev.debugd.provisioning..",
        "dev.debugd.evidence.clickhouse..", "dev.debugd.store..", "dev.debugd.workqueue..", "dev.debugd.health..", "dev.debugd.models..",
        "dev.debugd.integrations..", "dev.debugd.standins..", "dev.debugd.tracing..", "dev.debugd.memory.store.."};
    static final String[] SHELLS = {"dev.debugd.ingest..", "dev.debugd.detect", "dev.debugd.dispatch", "dev.debugd.worker..",
        "dev.debugd.context",
        "dev.debugd.readmodel..", "dev.debugd.manifests..", "dev.debugd.incidents..", "dev.debugd.generate..", "dev.debugd.webhooks..",
        "dev.debugd.resolve", "dev.debugd.tasks.."};
    static final String[] COMPOSITION = {"dev.debugd.api..", "dev.debugd.cli..", "dev.debugd.bench..", "dev.debugd.local.."};

    @ArchTest
    static final ArchRule aLowerLayerNeverUsesAHigherOne = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("the shared language").definedBy(SHARED_LANGUAGE)
            .layer("the pure core").definedBy(PURE_CORE)
            .layer("the adapters").definedBy(ADAPTERS)
            .layer("the shells that run a role").definedBy(SHELLS)
            .layer("the composition").definedBy(COMPOSITION)
            .whereLayer("the composition").mayNotBeAccessedByAnyLayer()
            .whereLayer("the shells that run a role").mayOnlyBeAccessedByLayers("the composition")
            .whereLayer("the adapters").mayOnlyBeAccessedByLayers("the shells that run a role", "the composition")
            .whereLayer("the pure core").mayOnlyBeAccessedByLayers("the adapters", "the shells that run a role", "the composition")
            .as("a lower layer never uses a higher one (shared language < pure core < adapters < shells < composition)");

    @ArchTest
    static final ArchRule everyClassIsInALayer = classes().should().resideInAnyPackage(concat(SHARED_LANGUAGE, PURE_CORE,
            ADAPTERS, SHELLS, COMPOSITION))
            .as("every package of the workers belongs to one of the layers");

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("dev.debugd.(**)").should().beFreeOfCycles()
            .as("no two packages use each other, directly or through others");

    @ArchTest
    static final ArchRule thePureCoreDoesNoIo = noClasses().that().resideInAnyPackage(PURE_CORE)
            .should().dependOnClassesThat(resideInAnyPackage("org.apache.kafka..", "software.amazon.awssdk..", "java.sql..",
                    "javax.sql..", "org.postgresql..", "com.zaxxer..", "java.net..", "java.io.File", "java.nio.file..",
                    "org.springframework..", "jakarta.servlet..", "dev.langchain4j..", "io.fabric8..", "org.slf4j.."))
            .as("the pure core uses no Kafka, SQS, JDBC, HTTP, files, Spring, LLM SDK or logger")
            .because("deterministic components are pure functions of their inputs (ARCHITECTURE §1)");

    @ArchTest
    static final ArchRule theSharedLanguageDoesNoIo = noClasses().that().resideInAnyPackage(SHARED_LANGUAGE)
            .should().dependOnClassesThat(resideInAnyPackage("org.apache.kafka..", "software.amazon.awssdk..", "java.sql..",
                    "javax.sql..", "org.springframework..", "org.slf4j.."))
            .as("the shared language (events, evidence records, configuration) uses no Kafka, SQS, JDBC, Spring or logger");

    @ArchTest
    static final ArchRule thePureCoreReadsNoClockAndDrawsNoRandomNumbers = noClasses().that().resideInAnyPackage(PURE_CORE)
            .should().dependOnClassesThat(clockOrRandomness())
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(OffsetDateTime.class, "now")
            .orShould().callMethod(ZonedDateTime.class, "now")
            .orShould().callMethod(UUID.class, "randomUUID")
            .orShould().callMethod(Math.class, "random")
            .as("the pure core reads no clock and draws no random numbers")
            .because("replay must give identical results (ARCHITECTURE §1)");

    @ArchTest
    static final ArchRule ingestionUsesNoLaterStage = noClasses().that().resideInAPackage("dev.debugd.ingest..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.debugd.detect..", "dev.debugd.dispatch..", "dev.debugd.worker..")
            .as("ingestion uses no later stage (detection, dispatch, workers)");

    @ArchTest
    static final ArchRule detectionUsesNoLaterStage = noClasses().that().resideInAPackage("dev.debugd.detect..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.debugd.dispatch..", "dev.debugd.worker..")
            .as("detection uses no later stage (dispatch, workers)");

    @ArchTest
    static final ArchRule dispatchUsesNoLaterStage = noClasses().that().resideInAPackage("dev.debugd.dispatch..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.debugd.worker..")
            .as("dispatch uses no later stage (workers)");

    @ArchTest
    static final ArchRule workersReachTheLedgerOnlyThroughTaskInputs = noClasses().that().resideInAPackage("dev.debugd.worker..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.debugd.dispatch..")
            .orShould().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
            .as("workers reach the ledger only through TaskInputs");

    @ArchTest
    static final ArchRule agentsOnlyReason = noClasses().that().resideInAPackage("dev.debugd.agents..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.debugd.workqueue..", "dev.debugd.timeline.kafka..",
                    "dev.debugd.integrations..", "org.apache.kafka..", "software.amazon.awssdk..")
            .as("agents never use a work queue, a Kafka adapter or an integration: they only reason")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule integrationsAreIndependent = slices().matching("dev.debugd.integrations.(*)..")
            .should().notDependOnEachOther()
            .as("one integration never uses another")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule nothingUsesTheCommandLine = noClasses().that().resideOutsideOfPackages("dev.debugd.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.debugd.cli..")
            .as("nothing uses the command line");

    @ArchTest
    static final ArchRule nothingButTheCommandLineUsesTheBenchmarks = noClasses()
            .that().resideOutsideOfPackages("dev.debugd.cli..", "dev.debugd.bench..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.debugd.bench..")
            .as("nothing but the command line uses the benchmarks");

    private static DescribedPredicate<JavaClass> clockOrRandomness() {
        return DescribedPredicate.describe("a clock or a source of randomness", type -> type.isAssignableTo(Clock.class)
                || type.isAssignableTo(Random.class) || type.isEquivalentTo(ThreadLocalRandom.class));
    }

    private static String[] concat(String[]... groups) {
        return Arrays.stream(groups).flatMap(Arrays::stream).toArray(String[]::new);
    }
}
