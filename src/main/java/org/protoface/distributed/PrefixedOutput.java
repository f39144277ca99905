package org.protoface.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Copies one child stream to the console with "[rank r] " at the start of every line (after
 * '\n' and after '\r', so a progress bar redrawn with carriage returns keeps its prefix), to an
 * optional log file, and keeps the last lines for the failure report. Writes to the console are
 * synchronised on it, chunk by chunk.
 */
final class PrefixedOutput implements Runnable {
    static final int TAIL_LINES = 30;

    private final InputStream in;
    private final PrintStream console;
    private final OutputStream log;
    private final byte[] prefix;
    private final Deque<String> tail = new ArrayDeque<>();
    private final StringBuilder line = new StringBuilder();

    /**
     * @param console where the output goes, or null to keep it quiet (tail and log only)
     * @param log     a log file stream, or null
     */
    PrefixedOutput(InputStream in, String prefix, PrintStream console, OutputStream log) {
        this.in = in;
        this.console = console;
        this.log = log;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        boolean atLineStart = true;
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n + 64);
                for (int i = 0; i < n; i++) {
                    byte c = buf[i];
                    if (atLineStart) out.write(prefix, 0, prefix.length);
                    out.write(c);
                    atLineStart = c == '\n' || c == '\r';
                    remember(c);
                }
                byte[] chunk = out.toByteArray();
                if (console != null) {
                    synchronized (console) {
                        console.write(chunk, 0, chunk.length);
                        console.flush();
                    }
                }
                if (log != null) log.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the child's stream closed under us (it was killed): nothing more to copy
        } finally {
            rememberEnd();
            try {
                if (log != null) log.close();
            } catch (IOException ignored) {
                // nothing useful to do about a log that cannot be closed
            }
        }
    }

    private synchronized void remember(byte c) {
        if (c == '\n' || c == '\r') {
            if (line.length() > 0) push(line.toString());
            line.setLength(0);
        } else {
            // bytes as Latin-1 is fine for a failure tail: the messages are ASCII
            line.append((char) (c & 0xff));
        }
    }

    private synchronized void rememberEnd() {
        if (line.length() > 0) push(line.toString());
        line.setLength(0);
    }

    private void push(String s) {
        tail.addLast(s);
        if (tail.size() > TAIL_LINES) tail.removeFirst();
    }

    /** The last lines seen (at most {@link #TAIL_LINES}). */
    synchronized List<String> tail() {
        return new ArrayList<>(tail);
    }
}
