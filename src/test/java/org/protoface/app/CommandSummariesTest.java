package org.protoface.app;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-line summaries {@code --help} lists for subcommands: picocli shows only the first element
 * of a command's {@code header} (or, without one, its {@code description}), so that element must be
 * a whole sentence on one line. Walks the whole tree {@link Main#commandLine()} builds.
 */
class CommandSummariesTest {

    @Test
    void everyCommandsFirstDescriptionLineIsACompleteSentence() {
        List<String> problems = new ArrayList<>();
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        walk(Main.commandLine(), seen, problems);
        // the root, its product commands, bench and its measurements, gallery and its subcommands, help
        assertThat(seen).hasSizeGreaterThan(25);
        assertThat(problems).as("summaries cut mid-sentence").isEmpty();
    }

    @Test
    void theCheckFindsASummaryCutMidSentence() {
        // the rule itself, on the kind of summary this test exists for
        assertThat(problem("x", "Writes a pack with the record count of a public set (placeholder")).isNotNull();
        assertThat(problem("x", "Align a dataset whose landmarks are known: each face is warped,")).isNotNull();
        assertThat(problem("x", "Evaluate a model (10-fold accuracy).\nThen more.")).isNotNull();
        assertThat(problem("x", "Evaluate a model (10-fold accuracy).")).isNull();
    }

    private static void walk(CommandLine cl, Map<CommandLine, Boolean> seen, List<String> problems) {
        if (seen.put(cl, Boolean.TRUE) != null) return; // an alias maps to the same CommandLine
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        String name = cl.getCommandSpec().qualifiedName();
        String p = lines.length == 0 ? name + ": no description" : problem(name, lines[0]);
        if (p != null) problems.add(p);
        for (CommandLine sub : cl.getSubcommands().values()) walk(sub, seen, problems);
    }

    /** Why {@code summary} is not a complete one-line sentence, or null when it is. */
    private static String problem(String name, String summary) {
        String s = summary.strip();
        if (s.contains("\n") || s.contains("%n")) return name + ": line break inside the summary: " + s;
        if (!s.endsWith(".")) return name + ": does not end with a full stop: " + s;
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '(') depth++;
            if (c == ')' && --depth < 0) break;
        }
        if (depth != 0) return name + ": unbalanced parentheses: " + s;
        return null;
    }
}
