package org.protoface.torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Orders shared objects so that each comes after every member of the set it needs. Loaded in this
 * order by absolute path, each {@code DT_NEEDED} name of a member is already the soname of a
 * loaded object when the member is loaded, and the dynamic linker binds to that object instead of
 * searching {@code LD_LIBRARY_PATH}, the runpath and the system directories, where another build
 * of the same library may sit.
 */
public final class DependencyOrder {
    private DependencyOrder() {}

    /**
     * @param libraries the set's members and their dynamic sections; names a member needs that no
     *                  member provides (libc, libstdc++) are left to the system
     * @return the members, each after the members it needs (directly or through others); ties
     *         broken by path so the order is the same on every start. A dependency cycle (not
     *         produced by a linker, but possible in a hand-made set) is broken where it closes.
     */
    public static List<Path> of(Map<Path, ElfDependencies> libraries) {
        Map<Path, ElfDependencies> sorted = new TreeMap<>(libraries);
        Map<String, Path> provider = new HashMap<>();
        for (Map.Entry<Path, ElfDependencies> e : sorted.entrySet()) {
            provider.putIfAbsent(e.getValue().providedName(e.getKey()), e.getKey());
        }
        List<Path> order = new ArrayList<>(sorted.size());
        Set<Path> done = new HashSet<>();
        Set<Path> onPath = new HashSet<>();
        for (Path p : sorted.keySet()) visit(p, sorted, provider, done, onPath, order);
        return order;
    }

    private static void visit(Path p, Map<Path, ElfDependencies> libs, Map<String, Path> provider,
                              Set<Path> done, Set<Path> onPath, List<Path> order) {
        if (done.contains(p) || !onPath.add(p)) return;
        for (String name : libs.get(p).needed()) {
            Path dep = provider.get(name);
            if (dep != null && !dep.equals(p)) visit(dep, libs, provider, done, onPath, order);
        }
        onPath.remove(p);
        done.add(p);
        order.add(p);
    }
}
