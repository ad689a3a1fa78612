package dev.debugd.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * ARCHITECTURE §1 for the operator: its models are pure (what a resource should own, decided without the API server,
 * Kafka or SQS), and it uses the workers' public pieces (configuration facts, provisioning, topics, queues, the CR types)
 * and never a role's shell.
 */
@AnalyzeClasses(packages = "dev.debugd.operator", importOptions = ImportOption.DoNotIncludeTests.class)
class OperatorArchitectureTest {

    @ArchTest
    static final ArchRule theModelsArePure = noClasses().that().resideInAPackage("dev.debugd.operator.model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.javaoperatorsdk..", "org.apache.kafka.clients..",
                    "software.amazon..", "io.fabric8.kubernetes.client.dsl..", "java.net.http..", "java.sql..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.fabric8.kubernetes.client.KubernetesClient")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
            .as("the operator's models decide without I/O or a clock");

    @ArchTest
    static final ArchRule noRoleShell = noClasses().that().resideInAPackage("dev.debugd.operator..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.debugd.cli..", "dev.debugd.api..", "dev.debugd.ingest..",
                    "dev.debugd.detect", "dev.debugd.dispatch", "dev.debugd.worker..", "dev.debugd.context",
                    "dev.debugd.readmodel..", "dev.debugd.incidents..", "dev.debugd.generate..", "dev.debugd.webhooks..",
                    "dev.debugd.resolve", "dev.debugd.local..", "dev.debugd.bench..")
            .as("the operator never uses a role's shell");
}
