package dev.cip;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.TryCatchBlock;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.List;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
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
     * The adapter reaches the steps of a run only through a use case ({@code app.BuildRun}, {@code app.ReleaseRun}):
     * it never plans, defines, solves, releases, signs or writes a report itself.
     */
    @ArchTest
    static final ArchRule theAdapterRunsNoStepItself = noClasses()
            .that().resideInAPackage("dev.cip.maven..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.cip.plan.Planner")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.plan.Survey")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.release.ReleaseImages")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.release.Releaser")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.release.StagePins")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.sign.Cosign")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.report.RunReport")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.report.ReleaseReport")
            .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Step")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.engine.BakeEngine")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.engine.BakeDefinition")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.engine.BuilderProbes");

    /**
     * The engine builds; the run above it reports: nothing in {@code engine} writes or reads {@code plan.json},
     * {@code report.json}, {@code summary.md} or the CI outputs, nor sees the run's record of an image.
     */
    @ArchTest
    static final ArchRule theEngineWritesNoReports = noClasses()
            .that().resideInAPackage("dev.cip.engine..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.cip.report.RunReport")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.report.ReleaseReport")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.report.ReportFile")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.report.PlanFile")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.report.CiOutputs")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.report.ImageRun");

    /**
     * The bake definition is a pure function of the plan, the parents' pins and the settings: it reads and writes no
     * registry, starts no program and touches no file (its pins are resolved, and staged, before it by
     * {@code release.StagePins}).
     */
    @ArchTest
    static final ArchRule theDefinitionIsPure = noClasses()
            .that().haveFullyQualifiedName("dev.cip.engine.BakeDefinition")
            .should().dependOnClassesThat().resideInAnyPackage("dev.cip.registry..", "dev.cip.process..",
                    "dev.cip.store..", "dev.cip.concurrent..", "java.net..", "java.io..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cip.release.StagingReader")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files");

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

    /** The typed user failures sit below every package that throws them: they know nothing of cip. */
    @ArchTest
    static final ArchRule failuresDependOnNothingOfCip = noClasses()
            .that().resideInAPackage("dev.cip.failure..")
            .should().dependOnClassesThat(resideInAPackage("dev.cip..").and(not(resideInAPackage("dev.cip.failure.."))));

    /**
     * The core says a user's mistake with a {@code failure.UserFailure}; an {@link IllegalArgumentException} or
     * {@link IllegalStateException} is a bug of cip. The adapter never catches those two, so it cannot word a bug as
     * the user's mistake ({@code AbstractCipMojo.execute} reports it as an internal error).
     */
    @ArchTest
    static final ArchRule theAdapterNeverTakesABugForTheUsersMistake = codeUnits()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.cip.maven..")
            .should(new ArchCondition<JavaCodeUnit>("catch no IllegalArgumentException nor IllegalStateException") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    for (TryCatchBlock block : unit.getTryCatchBlocks()) {
                        for (JavaClass caught : block.getCaughtThrowables()) {
                            if (BUGS.stream().anyMatch(caught::isAssignableTo)) {
                                events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " catches "
                                        + caught.getName() + " " + block.getSourceCodeLocation()));
                            }
                        }
                    }
                }
            });

    private static final List<Class<?>> BUGS = List.of(IllegalArgumentException.class, IllegalStateException.class);
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
