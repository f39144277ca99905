package org.protoface.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the small text files users write by hand (train.idx, property, list files, pairs.txt) line
 * by line as UTF-8. A leading byte-order mark is skipped: Windows editors write one, and it would
 * otherwise turn the first key or class count into a parse error. Bytes that are not UTF-8 are an
 * error naming the file and line, never a bare "Input length = 1".
 */
public final class TextLines {
    /** Receives each line with its 1-based number. */
    @FunctionalInterface
    public interface LineHandler {
        /**
         * Handles line {@code number} (1-based) whose text is {@code text} (line ending removed).
         *
         * @throws IOException to stop reading; it propagates out of {@link TextLines#forEach}
         */
        void line(int number, String text) throws IOException;
    }

    private TextLines() {}

    /**
     * Calls {@code handler} for every line of {@code file} (ended by LF or CRLF), the byte-order
     * mark removed from line 1. Lines are split on bytes and decoded one by one, so an error names
     * the line that holds the bad bytes; pure-ASCII lines (every line of a train.idx) skip the
     * decoder, which keeps a 42-million-line index fast to read.
     */
    public static void forEach(Path file, LineHandler handler) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] line = new byte[256];
        int length = 0;
        boolean ascii = true;
        int number = 0;
        byte[] chunk = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int n = in.read(chunk);
                for (int i = 0; i <= Math.max(0, n - 1); i++) {
                    int b = n < 0 ? -1 : chunk[i] & 0xff;
                    if (b == '\n' || b < 0) {
                        if (b < 0 && length == 0) return;
                        number++;
                        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                        int start = number == 1 && end >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb
                                && (line[2] & 0xff) == 0xbf ? 3 : 0;
                        handler.line(number, ascii ? new String(line, start, end - start, StandardCharsets.ISO_8859_1)
                                : decode(decoder, line, start, end, file, number));
                        if (b < 0) return;
                        length = 0;
                        ascii = true;
                        continue;
                    }
                    if (length == line.length) line = Arrays.copyOf(line, 2 * length);
                    line[length++] = (byte) b;
                    ascii &= b < 0x80;
                }
            }
        }
    }

    private static String decode(CharsetDecoder decoder, byte[] line, int from, int to, Path file, int number)
            throws MalformedDataException {
        try {
            return decoder.decode(ByteBuffer.wrap(line, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedDataException(file + " line " + number + ": not UTF-8 text (save the file as UTF-8 or plain ASCII)", e);
        }
    }

    /** All lines of {@code file}, as {@link #forEach} reads them. */
    public static List<String> read(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        forEach(file, (n, text) -> lines.add(text));
        return lines;
    }
}
