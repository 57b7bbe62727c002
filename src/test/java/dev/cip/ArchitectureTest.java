package dev.cip;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure, enforced: dependencies go one way, from the {@code oci} value types up to the Maven adapter
 * ({@code docs/ARCHITECTURE.md} draws the order). Production classes only; tests may reach across packages.
 */
@AnalyzeClasses(packages = "dev.cip", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package may be read bottom-up: no two packages depend on each other, directly or through others. */
    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("dev.cip.(*)..")
            .should().beFreeOfCycles();

    /** Maven, Plexus, Aether and JSR-330 are the adapter's business: the core can run without Maven. */
    @ArchTest
    static final ArchRule mavenOnlyInTheAdapter = noClasses()
            .that().resideOutsideOfPackage("dev.cip.maven..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.maven..", "org.codehaus.plexus..", "org.eclipse.aether..", "javax.inject..");

    /**
     * The model and the decisions (names, Dockerfiles, the project on disk, the graph, the plan, the cascade, the
     * update) do no
     * network I/O and know nothing of how images are built, stored, mirrored or released. {@code context} reads and
     * locks files with {@code java.nio} only, which this rule allows.
     */
    @ArchTest
    static final ArchRule coreKnowsNoInfrastructure = noClasses()
            .that().resideInAnyPackage("dev.cip.plan..", "dev.cip.graph..", "dev.cip.cascade..", "dev.cip.oci..",
                    "dev.cip.dockerfile..", "dev.cip.context..", "dev.cip.update..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.cip.registry..", "dev.cip.engine..",
                    "dev.cip.process..", "dev.cip.mirror..", "dev.cip.release..", "dev.cip.maven..", "java.net..");

    /** One JSON mapper, configured in one place ({@code json.Json}). */
    @ArchTest
    static final ArchRule oneJsonMapper = noClasses()
            .that().resideOutsideOfPackage("dev.cip.json..")
            .should().callConstructor(com.fasterxml.jackson.databind.ObjectMapper.class);

    /** The use cases are the adapter's way into the core; nothing in the core calls one. */
    @ArchTest
    static final ArchRule onlyTheAdapterUsesTheUseCases = noClasses()
            .that().resideOutsideOfPackages("dev.cip.maven..", "dev.cip.app..")
            .should().dependOnClassesThat().resideInAPackage("dev.cip.app..");

    /**
     * The registry client speaks OCI: its name, tag and digest rules are {@code oci}'s ({@code oci.Names}), not the
     * project model's.
     */
    @ArchTest
    static final ArchRule registryKnowsNoProject = noClasses()
            .that().resideInAPackage("dev.cip.registry..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.cip.context..");

    /**
     * A package named {@code build} is hidden by common {@code build/} ignore rules (and the tools that honour them);
     * the engine lives in {@code engine}.
     */
    @ArchTest
    static final ArchRule noBuildPackage = noClasses().should().resideInAPackage("dev.cip.build..")
            .allowEmptyShould(true);

    /**
     * One JVM may run goal after goal (the Maven daemon, an IDE, {@code OneJvmManyProjectsTest}): nothing static may
     * carry state from one execution to the next. Every static field is final...
     */
    @ArchTest
    static final ArchRule noStaticFieldIsReassigned = fields().that().areStatic().should().beFinal();

    /**
     * ...and none is declared as a mutable container (a concrete collection or map, an atomic, a thread-local), but
     * the project lock's table of the locks this JVM holds: it stands for the OS's process-wide file locks and loses
     * each entry when its lock is closed.
     */
    @ArchTest
    static final ArchRule noStaticMutableContainer = noFields().that().areStatic()
            .and().areNotDeclaredIn(dev.cip.context.ProjectLock.class)
            .should().haveRawType(assignableTo(java.util.AbstractMap.class)
                    .or(assignableTo(java.util.AbstractCollection.class))
                    .or(assignableTo(ThreadLocal.class))
                    .or(resideInAPackage("java.util.concurrent.atomic")));
}
