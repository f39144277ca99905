package org.protoface.torch;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.bytedeco.javacpp.Loader;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, item 1: a first start on an empty JavaCPP cache must use the bundled libtorch even when
 * another build of it sits on the library path (Debian's python3-torch, conda) and a CUDA toolkit
 * is installed. Five child JVMs, each with a fresh cache, run {@link NativeLoadProbe} with
 * impostor libraries ({@code src/test/resources/native/impostor.c}: exit code 86 when loaded)
 * named like the bundled ones on {@code LD_LIBRARY_PATH}, which the dynamic linker searches before
 * the bundled libraries' own runpath, and impostor CUDA runtimes in a folder JavaCPP searches for
 * the pytorch preset's CUDA preloads.
 *
 * <p>Each start unpacks about 445 MB (mostly libtorch_cpu.so). To keep that affordable five
 * times, the jars holding the natives are first repacked uncompressed ({@link #storedCopy}) and
 * put ahead of the originals on the children's classpath: JavaCPP then copies each library out of
 * the jar instead of inflating it (measured here: libtorch_cpu.so in 0.6 s instead of 3.4 s on a
 * loaded machine), through the same extraction code. Two children run at a time.
 */
class NativeLoadIsolationTest {
    private static final int STARTS = 5;
    /** The bundled libraries a system PyTorch also installs (libgcc_s is left out: the JVM itself needs it). */
    private static final List<String> TORCH_NAMES = List.of(
            "libtorch_cpu.so", "libtorch.so", "libc10.so", "libgomp.so.1",
            "libopenblas.so.0", "libgfortran.so.5", "libquadmath.so.0");
    /** The first CUDA libraries of the pytorch preset's -gpu preload list. */
    private static final List<String> CUDA_NAMES = List.of(
            "libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13", "libcupti.so.13");
    private static final Pattern CUDA_FILE = Pattern.compile(
            "lib(cudart|cublas|cublasLt|cufft|curand|cusparse|cusolver|cupti|cudnn\\w*|nccl|nvrtc|nvJitLink|nvToolsExt|c10_cuda|torch_cuda)\\.so.*");

    @TempDir
    static Path tmp;
    private static Path impostors;
    private static Path cudaImpostors;
    private static String nativeJars;

    @BeforeAll
    static void buildImpostors() throws Exception {
        Path source = SharedObjects.impostorSource(tmp);
        impostors = Files.createDirectories(tmp.resolve("system-lib"));
        cudaImpostors = Files.createDirectories(tmp.resolve("cuda-lib"));
        for (String name : TORCH_NAMES) SharedObjects.impostor(source, impostors.resolve(name), name);
        for (String name : CUDA_NAMES) SharedObjects.impostor(source, cudaImpostors.resolve(name), name);
        Path stored = Files.createDirectories(tmp.resolve("stored-jars"));
        List<String> jars = new ArrayList<>();
        for (String lib : List.of("org/bytedeco/pytorch/", "org/bytedeco/openblas/")) {
            String resource = lib + Loader.getPlatform() + "/";
            URL u = Objects.requireNonNull(NativeLoadIsolationTest.class.getClassLoader().getResource(resource), resource);
            Path jar = Path.of(((JarURLConnection) u.openConnection()).getJarFileURL().toURI());
            jars.add(storedCopy(jar, stored.resolve(jar.getFileName())).toString());
        }
        nativeJars = String.join(File.pathSeparator, jars);
    }

    /** {@code jar} rewritten with every entry stored (not deflated): same names, bytes, CRCs and times. */
    private static Path storedCopy(Path jar, Path out) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(e.getSize());
                copy.setCompressedSize(e.getSize());
                copy.setCrc(e.getCrc());
                copy.setTime(e.getTime());
                zip.putNextEntry(copy);
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return out;
    }

    @Test
    void everyFreshCacheStartUsesOnlyTheBundledLibraries() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Run>> runs = new ArrayList<>();
            for (int i = 0; i < STARTS; i++) {
                Path cache = tmp.resolve("cache-" + i);
                runs.add(pool.submit(() -> start(cache, Map.of())));
            }
            for (Future<Run> f : runs) check(f.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aForeignBuildPreloadedIntoTheProcessIsRefusedBeforeAnythingIsUnpacked() throws Exception {
        Path preload = Files.createDirectories(tmp.resolve("preload")).resolve("libc10.so.1.13");
        SharedObjects.quietImpostor(SharedObjects.impostorSource(Files.createDirectories(tmp.resolve("quiet-src"))), preload, "libc10.so.1.13");
        Run run = start(tmp.resolve("cache-preload"), Map.of("LD_PRELOAD", preload.toString()));
        assertThat(run.exitCode).as("stderr:\n%s", run.stderr).isNotIn(0, 86);
        assertThat(run.stderr).contains(NativeLibraryConflictException.class.getName(), "libc10.so and " + preload);
        assertThat(run.extracted).as("files unpacked before refusing").isZero();
    }

    private static void check(Run run) {
        assertThat(run.exitCode)
                .as("child exit code (86 = an impostor library was loaded)\nstderr:\n%s", run.stderr)
                .isZero();
        List<String> out = run.stdout.lines().toList();
        String[] loss = out.stream().filter(l -> l.startsWith("loss ")).findFirst().orElseThrow().split(" ");
        assertThat(Float.parseFloat(loss[2])).as("the training steps reduced the loss").isLessThan(Float.parseFloat(loss[1]) / 4);
        List<Path> mapped = out.stream().filter(l -> l.startsWith("mapped ")).map(l -> Path.of(l.substring(7))).distinct().toList();
        assertThat(mapped).noneMatch(p -> p.startsWith(impostors) || p.startsWith(cudaImpostors));
        assertThat(mapped).as("CUDA libraries in a CPU-only process")
                .noneMatch(p -> CUDA_FILE.matcher(p.getFileName().toString()).matches());
        List<Path> torchCpu = mapped.stream().filter(p -> p.getFileName().toString().startsWith("libtorch_cpu.so")).toList();
        assertThat(torchCpu).hasSize(1);
        assertThat(torchCpu.get(0).startsWith(run.cache)).as("%s lies in the child's cache %s", torchCpu.get(0), run.cache).isTrue();
    }

    private static Run start(Path cache, Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(cache);
        List<String> cmd = List.of(
                ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
                "-Xmx1g",
                "-D" + Torch.CACHE_PROPERTY + "=" + cache,
                "-D" + Torch.THREADS_PROPERTY + "=1",
                // JavaCPP looks for the pytorch preset's CUDA preloads here first (then /usr/local/cuda)
                "-Dorg.bytedeco.javacpp.platform.preloadpath=" + cudaImpostors,
                // the uncompressed copies first: the class loader finds the natives there
                "-cp", nativeJars + File.pathSeparator + System.getProperty("java.class.path"),
                NativeLoadProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String inherited = System.getenv("LD_LIBRARY_PATH");
        pb.environment().put("LD_LIBRARY_PATH", impostors + (inherited == null || inherited.isEmpty() ? "" : ":" + inherited));
        pb.environment().putAll(env);
        pb.redirectErrorStream(false);
        Path stdout = cache.resolveSibling(cache.getFileName() + ".out");
        Path stderr = cache.resolveSibling(cache.getFileName() + ".err");
        pb.redirectOutput(stdout.toFile());
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("child JVM on " + cache + " did not finish in 300 s");
        }
        Path realCache = cache.toRealPath();
        long extracted;
        // 445 MB per start: free it now rather than holding five copies until the class ends
        try (Stream<Path> files = Files.walk(cache)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            extracted = all.stream().filter(f -> f.getFileName().toString().contains(".so")).count();
            for (Path f : all) Files.delete(f);
        }
        return new Run(realCache, p.exitValue(), Files.readString(stdout), Files.readString(stderr), extracted);
    }

    /**
     * @param cache     the cache folder's real path (deleted by the time this is checked)
     * @param extracted shared objects the child had written into it
     */
    private record Run(Path cache, int exitCode, String stdout, String stderr, long extracted) {}
}
