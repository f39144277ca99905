package org.protoface.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules the README's "Code layout" promises, checked on the compiled product classes
 * (tests excluded): the lab is a leaf the product never reaches into, and packages form no cycles.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.protoface");
    }

    @Test
    void productPackagesDoNotImportTheLab() {
        noClasses().that().resideOutsideOfPackages("org.protoface.lab..", "org.protoface.app..")
                .should().dependOnClassesThat().resideInAPackage("org.protoface.lab..")
                .because("measurement code sits on top of the product; only the composition root (app) assembles both")
                .check(classes);
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("org.protoface.(*)..").should().beFreeOfCycles().check(classes);
    }
}
