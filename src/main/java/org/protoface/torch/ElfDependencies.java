package org.protoface.torch;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The two entries of a shared object's dynamic section that decide how the dynamic linker wires
 * it up: its own name ({@code DT_SONAME}) and the names it asks for ({@code DT_NEEDED}).
 * {@link NativeLibraries} uses them to load the bundled libtorch in dependency order, so that
 * every {@code DT_NEEDED} name is already satisfied by a loaded bundled copy and the linker never
 * searches {@code LD_LIBRARY_PATH} or the system directories for it.
 *
 * <p>Only 64-bit little-endian ELF files are read (every platform the libtorch presets ship for
 * on Linux: x86-64, arm64, ppc64le). The format is the System V ABI's (program headers,
 * {@code PT_DYNAMIC}, {@code DT_STRTAB} mapped to a file offset through the {@code PT_LOAD}
 * segments).
 *
 * @param soname the library's {@code DT_SONAME}, or null when it has none
 * @param needed its {@code DT_NEEDED} names in file order
 */
public record ElfDependencies(String soname, List<String> needed) {
    private static final int PT_LOAD = 1, PT_DYNAMIC = 2;
    private static final long DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_SONAME = 14;
    // no program header or dynamic section table comes near this; more means a corrupt header
    private static final long MAX_TABLE_BYTES = 16L << 20;
    private static final int MAX_NAME_BYTES = 4096;

    public ElfDependencies {
        needed = List.copyOf(needed);
    }

    /**
     * Reads {@code file}'s dynamic section. A static object (no {@code PT_DYNAMIC}) gives no
     * soname and no dependencies.
     *
     * @throws IOException when the file cannot be read, is not a 64-bit little-endian ELF file,
     *                     or its headers point outside the file (the message names the file)
     */
    public static ElfDependencies read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = readAt(ch, 0, Math.min(64, ch.size()), file);
            if (header.limit() < 4 || header.getInt(0) != 0x464c457f) throw new IOException(file + ": not an ELF file");
            if (header.limit() < 64) throw new IOException(file + ": truncated ELF header (" + header.limit() + " bytes)");
            if (header.get(4) != 2 || header.get(5) != 1) {
                throw new IOException(file + ": not a 64-bit little-endian ELF file");
            }
            long phoff = header.getLong(0x20);
            int phentsize = Short.toUnsignedInt(header.getShort(0x36));
            int phnum = Short.toUnsignedInt(header.getShort(0x38));
            if (phentsize < 56) throw new IOException(file + ": program header entries of " + phentsize + " bytes");
            ByteBuffer ph = readAt(ch, phoff, (long) phentsize * phnum, file);
            List<long[]> loads = new ArrayList<>(); // {p_offset, p_vaddr, p_filesz}
            long dynOffset = -1, dynSize = 0;
            for (int i = 0; i < phnum; i++) {
                int at = i * phentsize;
                int type = ph.getInt(at);
                long offset = ph.getLong(at + 8), vaddr = ph.getLong(at + 16), filesz = ph.getLong(at + 32);
                if (type == PT_LOAD) loads.add(new long[] {offset, vaddr, filesz});
                if (type == PT_DYNAMIC) {
                    dynOffset = offset;
                    dynSize = filesz;
                }
            }
            if (dynOffset < 0) return new ElfDependencies(null, List.of());
            ByteBuffer dyn = readAt(ch, dynOffset, dynSize, file);
            List<Long> neededAt = new ArrayList<>();
            long sonameAt = -1, strtab = -1, strsz = -1;
            for (int at = 0; at + 16 <= dyn.limit(); at += 16) {
                long tag = dyn.getLong(at), value = dyn.getLong(at + 8);
                if (tag == DT_NULL) break;
                if (tag == DT_NEEDED) neededAt.add(value);
                else if (tag == DT_SONAME) sonameAt = value;
                else if (tag == DT_STRTAB) strtab = value;
                else if (tag == DT_STRSZ) strsz = value;
            }
            if (neededAt.isEmpty() && sonameAt < 0) return new ElfDependencies(null, List.of());
            if (strtab < 0 || strsz <= 0) {
                throw new IOException(file + ": dynamic section without a usable string table");
            }
            long tableOffset = fileOffset(strtab, loads, file);
            List<String> needed = new ArrayList<>(neededAt.size());
            for (long at : neededAt) needed.add(string(ch, tableOffset, strsz, at, file));
            return new ElfDependencies(sonameAt < 0 ? null : string(ch, tableOffset, strsz, sonameAt, file), needed);
        }
    }

    /** The name the dynamic linker knows this library by once loaded: its soname, else its file name. */
    public String providedName(Path file) {
        return soname != null ? soname : file.getFileName().toString();
    }

    private static long fileOffset(long vaddr, List<long[]> loads, Path file) throws IOException {
        for (long[] seg : loads) {
            if (vaddr >= seg[1] && vaddr < seg[1] + seg[2]) return seg[0] + (vaddr - seg[1]);
        }
        throw new IOException(file + ": string table address 0x" + Long.toHexString(vaddr) + " is in no loaded segment");
    }

    /**
     * The NUL-terminated string at {@code at} in the string table of {@code size} bytes at file
     * offset {@code table}. Only a window around it is read: libtorch_cpu's table holds every
     * exported symbol name (4.7 MB), library names are short.
     */
    private static String string(FileChannel ch, long table, long size, long at, Path file) throws IOException {
        if (at < 0 || at >= size) throw new IOException(file + ": string offset " + at + " outside the string table");
        ByteBuffer window = readAt(ch, table + at, Math.min(MAX_NAME_BYTES, size - at), file);
        int end = 0;
        while (end < window.limit() && window.get(end) != 0) end++;
        if (end == window.limit()) throw new IOException(file + ": unterminated name at string offset " + at);
        byte[] bytes = new byte[end];
        window.get(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ByteBuffer readAt(FileChannel ch, long position, long length, Path file) throws IOException {
        if (position < 0 || length < 0 || length > MAX_TABLE_BYTES || position + length > ch.size()) {
            throw new IOException(file + ": header points to bytes " + position + "+" + length
                    + " of a " + ch.size() + "-byte file");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) throw new EOFException(file + ": truncated");
        }
        return buf.flip();
    }
}
