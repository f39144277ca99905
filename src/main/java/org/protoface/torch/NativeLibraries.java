package org.protoface.torch;

import org.bytedeco.javacpp.ClassProperties;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads a JavaCPP preset's native libraries so that each one is the copy the preset ships,
 * whatever libtorch, OpenBLAS or CUDA the machine holds elsewhere.
 *
 * <p>Left to itself, JavaCPP's {@code Loader.load} extracts and loads one library at a time in
 * the order of the preset's {@code @Platform(link=...)} list, which for the pytorch preset puts
 * {@code libtorch.so} before {@code libtorch_cpu.so}. On an empty cache the dynamic linker then
 * resolves {@code libtorch.so}'s {@code DT_NEEDED libtorch_cpu.so} before the bundled copy exists,
 * takes the system's (Debian's python3-torch, conda), and the process ends up with two PyTorch
 * builds and crashes. The preset's {@code -gpu} platform entries also make it load the CUDA
 * runtime of any toolkit under {@code /usr/local/cuda} into a CPU-only process. So, before JavaCPP
 * loads anything:
 * <ol>
 *   <li>the build is chosen: without the {@code -gpu} natives on the classpath the platform
 *       extension is set to none, which drops the CUDA preloads (an explicit
 *       {@code -Dorg.bytedeco.javacpp.platform.extension} is kept);</li>
 *   <li>every library file the preset and the presets it inherits would take from their jars is
 *       extracted into the cache first ({@link Loader#cacheResource(URL)}: files already there
 *       with the jar's size and time are kept, concurrent JVMs serialise on the cache's lock
 *       file);</li>
 *   <li>the plain libraries among them (not the {@code libjni*} bindings) are loaded by
 *       absolute path in {@link DependencyOrder}, so every name a library needs is already
 *       loaded under that soname and the linker searches no path (not even
 *       {@code LD_LIBRARY_PATH}, which precedes the bundled libraries' runpath);</li>
 *   <li>{@code Loader.load} then runs as usual and finds everything in place;</li>
 *   <li>the process's mappings are checked before anything is unpacked (a build put there by
 *       {@code LD_PRELOAD}) and after loading: another build of a bundled library (outside the
 *       cache; the GCC runtimes excepted) is an error naming both files.</li>
 * </ol>
 */
public final class NativeLibraries {
    /** JavaCPP's property that selects a build variant ({@code -gpu}); empty = the plain CPU build. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraries.class);
    // plain shared objects: libX.so or libX.so.1.2; the libjni* bindings are JavaCPP's to load
    private static final Pattern PLAIN_LIBRARY = Pattern.compile("lib(?!jni).*\\.so(\\.[0-9]+)*");
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final Set<String> GCC_RUNTIMES = Set.of(
            "libgcc_s.so", "libstdc++.so", "libgomp.so", "libquadmath.so", "libgfortran.so");

    private NativeLibraries() {}

    /**
     * Extracts, orders and loads the natives of {@code global} (a preset's global class such as
     * {@code org.bytedeco.pytorch.global.torch}), then hands over to {@code Loader.load(global)}.
     *
     * @throws UncheckedIOException when the cache cannot be written (names the folder)
     * @throws UnsatisfiedLinkError when a bundled library cannot be loaded (names the file)
     * @throws NativeLibraryConflictException when another build of a bundled library ended up in the process
     */
    public static void load(Class<?> global) {
        chooseBuild(global);
        Properties platform = Loader.loadProperties(true); // re-read: the extension may have just been set
        Set<URL> resources = bundledResources(global, platform);
        // an LD_PRELOADed build would win every symbol lookup: refuse before loading anything
        requireNoForeignCopies(resources.stream().map(u -> Path.of(fileName(u))).toList());
        List<Path> order = DependencyOrder.of(plainLibraries(extract(resources)));
        LOG.debug("loading {} bundled libraries in dependency order: {}", order.size(), order);
        for (Path lib : order) {
            try {
                System.load(lib.toString());
            } catch (UnsatisfiedLinkError e) {
                UnsatisfiedLinkError named = new UnsatisfiedLinkError("cannot load bundled " + lib + ": " + e.getMessage());
                named.initCause(e);
                throw named;
            }
        }
        Loader.load(global);
        requireNoForeignCopies(order);
    }

    private static void requireNoForeignCopies(List<Path> bundled) {
        List<String> foreign = foreignCopies(bundled, cacheDir(), mappedFiles());
        if (!foreign.isEmpty()) {
            throw new NativeLibraryConflictException("the bundled native libraries would share the process with other builds of them: "
                    + String.join("; ", foreign) + ". Start ProtoFace without those in LD_PRELOAD / LD_LIBRARY_PATH");
        }
    }

    /** Sets the platform extension to {@code -gpu} when those natives are on the classpath, else to none. */
    static void chooseBuild(Class<?> global) {
        if (System.getProperty(EXTENSION_PROPERTY) != null) return;
        ClassProperties p = Loader.loadProperties(global, Loader.loadProperties(), true);
        boolean gpu = false;
        for (String lib : p.get("platform.library")) {
            try {
                gpu |= Loader.findResource(global, Loader.getPlatform() + "-gpu/" + System.mapLibraryName(lib)) != null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the classpath looking for " + lib, e);
            }
        }
        System.setProperty(EXTENSION_PROPERTY, gpu ? "-gpu" : "");
    }

    /**
     * Every library file that {@code global} and the presets it inherits would take from their
     * jars: for each name in their preload, link and library lists, each file name style JavaCPP
     * tries, renamed copies included (as a {@code #name} fragment).
     */
    static Set<URL> bundledResources(Class<?> global, Properties platform) {
        ClassProperties p = Loader.loadProperties(global, platform, true);
        List<Class> classes = new ArrayList<>();
        classes.add(global);
        if (p.getInheritedClasses() != null) classes.addAll(p.getInheritedClasses());
        Set<URL> resources = new LinkedHashSet<>();
        for (Class c : classes) {
            ClassProperties cp = Loader.loadProperties(c, platform, true);
            List<String> names = new ArrayList<>(cp.get("platform.preload"));
            names.addAll(cp.get("platform.link"));
            names.addAll(cp.get("platform.library"));
            for (String name : names) {
                for (URL u : Loader.findLibrary(c, cp, name, false)) {
                    // only what the jars ship; files JavaCPP would take from system folders stay out
                    if (u.getProtocol().equals("jar")) resources.add(u);
                }
            }
        }
        return resources;
    }

    /** Extracts {@code resources} into the cache (nothing else of the jars) and returns the cached files. */
    static List<Path> extract(Set<URL> resources) {
        List<Path> files = new ArrayList<>();
        for (URL u : resources) {
            try {
                File f = Loader.cacheResource(u);
                if (f != null) files.add(f.toPath());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack " + u + " into the native cache "
                        + cacheDirForMessages() + ": " + e.getMessage()
                        + " (set -D" + Torch.CACHE_PROPERTY + " to a writable folder)", e);
            }
        }
        return files;
    }

    /** The name a resource is cached under: its {@code #fragment} (a renamed copy), else its last path segment. */
    private static String fileName(URL u) {
        String s = u.toString();
        int hash = s.indexOf('#');
        return hash >= 0 ? s.substring(hash + 1) : s.substring(s.lastIndexOf('/') + 1);
    }

    /** The plain (non-binding) shared objects among {@code files}, with their dynamic sections. */
    static Map<Path, ElfDependencies> plainLibraries(List<Path> files) {
        Map<Path, ElfDependencies> libs = new LinkedHashMap<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
            if (!PLAIN_LIBRARY.matcher(f.getFileName().toString()).matches()) continue;
            try {
                libs.put(f, ElfDependencies.read(f));
            } catch (IOException e) {
                // not ours to order (a linker script, another format): JavaCPP loads it as before
                LOG.warn("not ordering {}: {}", f, e.getMessage());
            }
        }
        return libs;
    }

    /**
     * Files mapped into the process that carry a bundled library's name (up to {@code .so}) but
     * lie outside the JavaCPP cache, as "bundled-file and foreign-file" descriptions. The GCC
     * runtimes are exempt: the JVM itself maps the system's libgcc_s and libstdc++, and JavaCPP
     * has always loaded its own copies of those beside them.
     */
    static List<String> foreignCopies(List<Path> bundled, Path cacheDir, Set<Path> mapped) {
        List<String> found = new ArrayList<>();
        for (Path file : mapped) {
            String stem = stem(file.getFileName().toString());
            if (file.startsWith(cacheDir) || GCC_RUNTIMES.contains(stem)) continue;
            for (Path lib : bundled) {
                if (stem.equals(stem(lib.getFileName().toString()))) {
                    found.add(lib + " and " + file);
                    break;
                }
            }
        }
        return found;
    }

    /** {@code libtorch_cpu.so.1.13.0} -> {@code libtorch_cpu.so}. */
    static String stem(String fileName) {
        int so = fileName.indexOf(".so");
        return so < 0 ? fileName : fileName.substring(0, so + 3);
    }

    /** Files mapped into this process (Linux); empty where {@code /proc/self/maps} does not exist. */
    static Set<Path> mappedFiles() {
        Set<Path> files = new LinkedHashSet<>();
        if (!Files.isReadable(MAPS)) return files;
        try {
            for (String line : Files.readAllLines(MAPS)) {
                // address perms offset dev inode path: the path is the sixth field and may hold spaces
                String[] f = line.trim().split("\\s+", 6);
                if (f.length == 6 && f[5].startsWith("/")) files.add(Path.of(f[5]));
            }
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", MAPS, e.getMessage());
        }
        return files;
    }

    private static String cacheDirForMessages() {
        try {
            return Loader.getCacheDir().toString();
        } catch (IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    private static Path cacheDir() {
        try {
            return Loader.getCacheDir().toPath();
        } catch (IOException e) {
            throw new UncheckedIOException("no JavaCPP cache folder (set -D" + Torch.CACHE_PROPERTY + ")", e);
        }
    }
}
