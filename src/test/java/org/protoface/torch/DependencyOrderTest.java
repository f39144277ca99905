package org.protoface.torch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyOrderTest {
    private static final Path DIR = Path.of("/cache/pytorch");

    private static Path p(String name) {
        return DIR.resolve(name);
    }

    /** The pytorch preset's CPU libraries as their dynamic sections name each other. */
    private static Map<Path, ElfDependencies> pytorchLike() {
        Map<Path, ElfDependencies> m = new LinkedHashMap<>();
        // listed in JavaCPP's link order (torch before torch_cpu), the order that broke
        m.put(p("libtorch.so"), new ElfDependencies("libtorch.so", List.of("libtorch_cpu.so")));
        m.put(p("libtorch_cpu.so"), new ElfDependencies("libtorch_cpu.so",
                List.of("libc10.so", "libopenblas.so.0", "libgcc_s.so.1", "libm.so.6", "libgomp.so.1", "libstdc++.so.6", "libc.so.6")));
        m.put(p("libc10.so"), new ElfDependencies("libc10.so", List.of("libstdc++.so.6", "libgcc_s.so.1", "libc.so.6")));
        m.put(p("libgomp.so.1"), new ElfDependencies("libgomp.so.1", List.of("libc.so.6")));
        m.put(p("libopenblas.so.0"), new ElfDependencies("libopenblas.so.0", List.of("libm.so.6", "libgfortran.so.5", "libc.so.6")));
        m.put(p("libgfortran.so.5"), new ElfDependencies("libgfortran.so.5", List.of("libquadmath.so.0", "libgcc_s.so.1")));
        m.put(p("libquadmath.so.0"), new ElfDependencies("libquadmath.so.0", List.of("libc.so.6")));
        m.put(p("libgcc_s.so.1"), new ElfDependencies("libgcc_s.so.1", List.of("libc.so.6")));
        return m;
    }

    @Test
    void everyLibraryComesAfterTheMembersItNeeds() {
        Map<Path, ElfDependencies> libs = pytorchLike();
        List<Path> order = DependencyOrder.of(libs);
        assertThat(order).containsExactlyInAnyOrderElementsOf(libs.keySet());
        for (Map.Entry<Path, ElfDependencies> e : libs.entrySet()) {
            for (String needed : e.getValue().needed()) {
                Path provider = p(needed);
                if (libs.containsKey(provider)) {
                    assertThat(order.indexOf(provider)).as("%s before %s", needed, e.getKey().getFileName())
                            .isLessThan(order.indexOf(e.getKey()));
                }
            }
        }
        assertThat(order.get(order.size() - 1)).isEqualTo(p("libtorch.so"));
    }

    @Test
    void theOrderDoesNotDependOnTheInputOrder() {
        Map<Path, ElfDependencies> forward = pytorchLike();
        Map<Path, ElfDependencies> backward = new LinkedHashMap<>();
        List<Path> keys = List.copyOf(forward.keySet());
        for (int i = keys.size() - 1; i >= 0; i--) backward.put(keys.get(i), forward.get(keys.get(i)));
        assertThat(DependencyOrder.of(backward)).isEqualTo(DependencyOrder.of(forward));
    }

    @Test
    void aNeededNameIsMatchedBySonameNotByFileName() {
        Map<Path, ElfDependencies> m = new LinkedHashMap<>();
        m.put(p("a-user.so"), new ElfDependencies("liba.so", List.of("libz.so.2")));
        // file name sorts first, soname is what the user asks for
        m.put(p("0-provider.so.2.7"), new ElfDependencies("libz.so.2", List.of()));
        m.put(p("libz.so.2"), new ElfDependencies("libother.so", List.of()));
        List<Path> order = DependencyOrder.of(m);
        assertThat(order.indexOf(p("0-provider.so.2.7"))).isLessThan(order.indexOf(p("a-user.so")));
    }

    @Test
    void aCycleStillYieldsEveryMemberOnce() {
        Map<Path, ElfDependencies> m = new LinkedHashMap<>();
        m.put(p("liba.so"), new ElfDependencies("liba.so", List.of("libb.so")));
        m.put(p("libb.so"), new ElfDependencies("libb.so", List.of("liba.so", "libb.so")));
        assertThat(DependencyOrder.of(m)).containsExactlyInAnyOrder(p("liba.so"), p("libb.so"));
    }
}
