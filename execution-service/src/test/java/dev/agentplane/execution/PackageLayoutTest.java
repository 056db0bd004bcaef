package dev.agentplane.execution;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The service's packages read as its flow (intake → engine ⇄ tools → ending) and depend on each other one way only. */
class PackageLayoutTest {
    private static final String ROOT = "dev.agentplane.execution";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theFlowGoesOneWay() {
        noClasses().that().resideInAPackage(ROOT + ".intake..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".engine..", ROOT + ".ending..", ROOT + ".run..")
                .check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".engine..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".ending..", ROOT + ".run..")
                .check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".tools..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".engine..", ROOT + ".ending..", ROOT + ".run..")
                .check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".ending..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".run..").check(CLASSES);
    }
}
