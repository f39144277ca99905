/*
 * A stand-in for another build of a library ProtoFace bundles (a system libtorch_cpu.so, a CUDA
 * toolkit's libcudart.so.13). NativeLoadIsolationTest compiles it once per name, with that name
 * as soname, into folders it puts on the child JVM's library paths. If the dynamic linker ever
 * picks it, its constructor says so and ends the process with exit code 86, so a wrong resolution
 * cannot go unnoticed (a real foreign libtorch may crash later or not at all).
 * Built with -DIMPOSTOR_QUIET it does nothing when loaded: a stand-in for a foreign build that
 * LD_PRELOAD puts into the process before ProtoFace starts.
 */
#include <unistd.h>

#ifndef IMPOSTOR_NAME
#error "compile with -DIMPOSTOR_NAME=\"libname.so\""
#endif

#ifndef IMPOSTOR_QUIET
__attribute__((constructor)) static void refuse_to_be_loaded(void) {
    static const char message[] = "impostor " IMPOSTOR_NAME " was loaded instead of the bundled copy\n";
    ssize_t ignored = write(2, message, sizeof message - 1);
    (void) ignored;
    _exit(86);
}
#else
int impostor_is_quiet = 1;
#endif
