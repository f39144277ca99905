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

    /**
     * The data flow, upstream first: a package may use those before it, never one after it (the
     * README's "Code layout" table follows this order).
     */
    static final java.util.List<String> LAYERS = java.util.List.of("util", "config", "torch", "distributed", "data", "encoder",
            "head", "train", "onnx", "infer", "eval", "run", "pipeline", "cli", "lab", "app");

    @Test
    void packagesOnlyUseThoseUpstreamOfThem() {
        for (int i = 0; i < LAYERS.size(); i++) {
            String[] downstream = LAYERS.subList(i + 1, LAYERS.size()).stream()
                    .map(p -> "org.protoface." + p + "..").toArray(String[]::new);
            if (downstream.length == 0) continue;
            noClasses().that().resideInAPackage("org.protoface." + LAYERS.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(downstream)
                    .because(LAYERS.get(i) + " is upstream of " + String.join(", ", LAYERS.subList(i + 1, LAYERS.size())))
                    .check(classes);
        }
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
