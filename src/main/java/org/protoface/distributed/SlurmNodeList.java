package org.protoface.distributed;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands SLURM's compact host lists ({@code SLURM_JOB_NODELIST}), e.g.
 * {@code node[01-04,07],gpu-a[1-2]x} to node01, node02, node03, node04, node07, gpu-a1x, gpu-a2x.
 * Grammar (as {@code scontrol show hostnames} reads it): hosts separated by commas outside
 * brackets; a host is literal text with any number of bracket groups, each a comma list of
 * numbers or {@code lo-hi} ranges; several groups expand to their cartesian product, leftmost
 * slowest. A range keeps the zero padding of its lower bound ({@code [08-10]} gives 08, 09, 10).
 */
public final class SlurmNodeList {
    /** Refuses lists that would expand to more hosts than any cluster has (a typo like [1-999999999]). */
    static final int MAX_HOSTS = 1_000_000;

    private SlurmNodeList() {}

    /** The first host of the list, which SLURM launches rank 0 on; the rendezvous master. */
    public static String first(String nodeList) {
        return expand(nodeList).get(0);
    }

    /**
     * All hosts in order.
     *
     * @throws IllegalArgumentException naming the list and the problem (empty, unbalanced
     *                                  brackets, a range whose end is below its start, ...)
     */
    public static List<String> expand(String nodeList) {
        if (nodeList == null || nodeList.isBlank()) throw bad(nodeList, "it is empty");
        List<String> hosts = new ArrayList<>();
        for (String item : splitTopLevel(nodeList.trim(), nodeList)) {
            if (item.isEmpty()) throw bad(nodeList, "it has an empty host name");
            expandHost(item, nodeList, hosts);
        }
        return hosts;
    }

    private static List<String> splitTopLevel(String s, String whole) {
        List<String> items = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                if (++depth > 1) throw bad(whole, "brackets are nested at position " + i);
            } else if (c == ']') {
                if (--depth < 0) throw bad(whole, "']' at position " + i + " has no '['");
            } else if (c == ',' && depth == 0) {
                items.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (depth != 0) throw bad(whole, "a '[' is not closed");
        items.add(s.substring(start).trim());
        return items;
    }

    private static void expandHost(String host, String whole, List<String> out) {
        List<String> prefixes = List.of("");
        int i = 0;
        while (i < host.length()) {
            int open = host.indexOf('[', i);
            String literal = host.substring(i, open < 0 ? host.length() : open);
            prefixes = append(prefixes, List.of(literal), whole);
            if (open < 0) break;
            int close = host.indexOf(']', open);
            prefixes = append(prefixes, numbers(host.substring(open + 1, close), whole), whole);
            i = close + 1;
        }
        out.addAll(prefixes);
        if (out.size() > MAX_HOSTS) throw bad(whole, "it expands to more than " + MAX_HOSTS + " hosts");
    }

    private static List<String> append(List<String> prefixes, List<String> parts, String whole) {
        if ((long) prefixes.size() * parts.size() > MAX_HOSTS) throw bad(whole, "it expands to more than " + MAX_HOSTS + " hosts");
        List<String> next = new ArrayList<>(prefixes.size() * parts.size());
        for (String p : prefixes) for (String s : parts) next.add(p + s);
        return next;
    }

    private static List<String> numbers(String group, String whole) {
        List<String> out = new ArrayList<>();
        for (String part : group.split(",", -1)) {
            String t = part.trim();
            int dash = t.indexOf('-');
            String lo = dash < 0 ? t : t.substring(0, dash);
            String hi = dash < 0 ? t : t.substring(dash + 1);
            if (!isDigits(lo) || !isDigits(hi)) throw bad(whole, "'[" + group + "]' must hold numbers or ranges like 01-04, got '" + t + "'");
            long from = parse(lo, whole), to = parse(hi, whole);
            if (to < from) throw bad(whole, "range '" + t + "' ends below its start");
            if (to - from >= MAX_HOSTS) throw bad(whole, "range '" + t + "' has more than " + MAX_HOSTS + " numbers");
            int width = lo.length();
            for (long v = from; v <= to; v++) out.add(pad(v, width));
        }
        return out;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    private static long parse(String digits, String whole) {
        if (digits.length() > 18) throw bad(whole, "number '" + digits + "' is too long");
        return Long.parseLong(digits);
    }

    private static String pad(long v, int width) {
        String s = Long.toString(v);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private static IllegalArgumentException bad(String list, String why) {
        return new IllegalArgumentException("SLURM node list '" + list + "' cannot be read: " + why);
    }
}
