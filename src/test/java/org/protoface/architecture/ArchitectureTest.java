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
    void onlyTheTorchPackageTouchesJavaCppScopesAndReferenceCounts() {
        noClasses().that().resideOutsideOfPackage("org.protoface.torch..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.bytedeco.javacpp.PointerScope")
                .because("per-step tensors live in torch.TensorScope and long-lived state is registered on a torch.StateModule")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("org.protoface.torch..")
                .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching("retainReference|releaseReference")))
                .because("a tensor that must outlive its scope is a torch.Held")
                .check(classes);
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("org.protoface.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.protoface.(**)").should().beFreeOfCycles().check(classes);
    }
}
