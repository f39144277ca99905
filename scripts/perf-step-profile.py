#!/usr/bin/env python3
"""Where a training step's CPU time goes, from a `perf record -g` of a ProtoFace process.

Usage:
    perf record -F 499 -g -o perf.data -- ./protoface bench train -c cpu --precisions bf16 --steps 60
    perf script -i perf.data | scripts/perf-step-profile.py [--json FILE]

Each sample is put in one category by walking its call chain from the leaf upwards and taking the
first frame that names what the CPU was doing: a oneDNN primitive (convolution forward, backward
data, backward weights, matmul), an ATen operator (batch norm, PReLU, other element-wise and
reduction kernels), OpenBLAS, the autograd engine and dispatcher, the allocator, the JVM or the
kernel. Samples whose chain holds nothing but libgomp are OpenMP worker threads waiting at a
barrier for the slowest thread or spinning for the next parallel region: time the machine's
second core spent not computing.

JIT code: perf finds the JVM's compiled Java methods and oneDNN's generated convolution kernels in
the same kind of anonymous executable memory, and the call chains of both are cut (no frame
pointers), so a sample there can only be told apart by the JVM's perf map: run the JVM with
`-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit` (it writes /tmp/perf-<pid>.map at exit;
PROTOFACE_JAVA_OPTS passes it to ./protoface), then samples that resolve to a Java method count
as the JVM and the ones that do not as oneDNN's JIT kernels. Without the map (no Java symbol at
all among the samples) they are reported together as "JIT code (Java or oneDNN, not told apart)".
Measured once against the JVM's code-cache bounds (`jcmd <pid> Compiler.codecache`): in a one-thread
cpu-preset bf16 step, 39% of the samples lay outside the code cache (oneDNN) and 7% inside (Java).

Prints a table of shares of all samples (CPU time, both cores), and writes it as JSON if asked.
"""
import collections
import json
import re
import sys

# (category, pattern on a frame's symbol), most specific first; matched from the leaf upwards
RULES = [
    ("conv backward weights", re.compile(r"dnnl::.*(bwd_weights|backward_weights|_bwd_w)")),
    ("conv backward data", re.compile(r"dnnl::.*(bwd_data|backward_data|_bwd_d|bwd_strided|_bwd_t)")),
    ("conv forward", re.compile(r"dnnl::.*(convolution_fwd|conv.*fwd|_fwd_t)")),
    ("oneDNN matmul / inner product", re.compile(r"dnnl::.*(matmul|inner_product|gemm)")),
    ("oneDNN other", re.compile(r"dnnl::")),
    ("batch norm", re.compile(r"batch_norm")),
    ("PReLU", re.compile(r"prelu")),
    ("OpenBLAS (its threads computing or spinning)", re.compile(r"(sgemm|gemm_|exec_blas|blas_thread)")),
    ("copy / layout / cast", re.compile(r"(copy_kernel|direct_copy|copy_impl|_to_copy|cpublas_copy|contiguous)")),
    ("element-wise and reductions (ATen)", re.compile(r"at::native::")),
    ("autograd engine and dispatch", re.compile(r"(torch::autograd::|c10::Dispatcher|c10::impl::|at::_ops::|c10::TensorImpl|intrusive_ptr)")),
    ("allocator", re.compile(r"(malloc|_int_free|free$|cfree|unlink_chunk|c10::alloc_cpu|c10::free_cpu|posix_memalign|memset)")),
]

UNNAMED_JIT = "oneDNN JIT kernels (convolutions; no symbols)"
NOT_TOLD_APART = "JIT code (Java or oneDNN, not told apart)"
JAVA_SYMBOLS_SEEN = [False]  # whether any sample resolved through the JVM's perf map

DSO = re.compile(r"\(([^()]*)\)\s*$")


def frame_parts(line):
    """(symbol, dso) of one call-chain line: '\\t addr symbol+off (dso)'."""
    body = line.strip()
    m = DSO.search(body)
    dso = m.group(1) if m else ""
    rest = body[: m.start()].strip() if m else body
    parts = rest.split(None, 1)
    sym = parts[1] if len(parts) > 1 else ""
    sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
    return sym, dso


def categorise(frames):
    for sym, _ in frames:
        for name, pat in RULES:
            if pat.search(sym):
                return name
    dsos = [d for _, d in frames]
    leaf = dsos[0] if dsos else ""
    if "libopenblas" in leaf:
        # OpenBLAS's own code has no symbols in this build; its idle worker threads spin here
        return "OpenBLAS (its threads computing or spinning)"
    if dsos and all("libgomp" in d or d in ("", "[unknown]") for d in dsos):
        return "OpenMP threads waiting (barrier / spin)"
    if "kernel" in leaf:
        return "kernel"
    if "perf-" in leaf or "[JIT]" in leaf:
        leaf_sym = frames[0][0]
        if leaf_sym in ("", "[unknown]"):
            return UNNAMED_JIT
        JAVA_SYMBOLS_SEEN[0] = True
        return "JVM (Java code, JIT compiler, GC)"
    if "libjvm" in leaf:
        return "JVM (Java code, JIT compiler, GC)"
    if "libgomp" in leaf:
        return "OpenMP runtime"
    if "libc" in leaf:
        return "allocator"
    return "other"


def main():
    out_json = None
    if len(sys.argv) == 3 and sys.argv[1] == "--json":
        out_json = sys.argv[2]
    elif len(sys.argv) != 1:
        sys.exit("usage: perf script -i perf.data | perf-step-profile.py [--json FILE]")
    counts = collections.Counter()
    frames = []
    total = 0

    def flush():
        nonlocal total
        if frames:
            counts[categorise(frames)] += 1
            total += 1

    for line in sys.stdin:
        if not line.strip():
            flush()
            frames = []
        elif line[0] in " \t":
            frames.append(frame_parts(line))
        else:
            flush()
            frames = []
    flush()
    if total == 0:
        sys.exit("no samples on stdin: pipe `perf script -i perf.data` into this script")
    if not JAVA_SYMBOLS_SEEN[0] and UNNAMED_JIT in counts:
        # no Java method resolved: the JVM wrote no perf map, so unnamed JIT samples may be Java too
        counts[NOT_TOLD_APART] = counts.pop(UNNAMED_JIT)
        print("note: no Java symbols in the samples; run the JVM with -XX:+UnlockDiagnosticVMOptions"
              " -XX:+DumpPerfMapAtExit to tell Java from oneDNN's JIT kernels", file=sys.stderr)
    rows = [(name, n / total) for name, n in counts.most_common()]
    print(f"{'category':42s} share of CPU samples ({total} samples)")
    for name, share in rows:
        print(f"{name:42s} {100 * share:6.1f}%")
    if out_json:
        with open(out_json, "w") as f:
            json.dump({"samples": total, "shares": dict(rows)}, f, indent=1)
        print("wrote", out_json)


if __name__ == "__main__":
    main()
