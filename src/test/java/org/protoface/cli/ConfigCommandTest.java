package org.protoface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.protoface.app.Main;
import org.protoface.config.Config;
import org.protoface.config.Section;
import org.protoface.head.registry.HeadKinds;
import org.protoface.run.JobConfig;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCommandTest {
    private static JsonNode printed(String... args) throws Exception {
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        List<String> all = new ArrayList<>(List.of("config"));
        all.addAll(List.of(args));
        assertThat(cli.execute(all.toArray(String[]::new))).isZero();
        return new ObjectMapper(new YAMLFactory()).readTree(out.toString());
    }

    @Test
    void basePresetHoldsNoValuesAndTheDefaultsComeFromTheSections() throws Exception {
        // one place for defaults: the base preset is empty, every value printed comes from a Section
        assertThat(Config.load("base", List.of()).tree().size()).isZero();
        JsonNode defaults = printed("-c", "base");
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = defaults.fieldNames(); it.hasNext(); ) keys.add(it.next());
        assertThat(keys).containsExactlyInAnyOrderElementsOf(JobConfig.KEYS);
        List<Section<?>> sections = new ArrayList<>(JobConfig.SECTIONS);
        sections.addAll(HeadKinds.sections());
        for (Section<?> s : sections) {
            if (s.defaults() == null) continue;
            assertThat(defaults.get(s.key())).as(s.key()).isEqualTo(new ObjectMapper().readTree(Config.treeOf(s.defaults()).toString()));
        }
        assertThat(defaults.get("head").asText()).isEqualTo(HeadKinds.DEFAULT);
    }

    @Test
    void aJobPrintsItsOwnValuesOverTheDefaults() throws Exception {
        JsonNode job = printed("-c", "cpu", "--set", "pfc.sample_rate=0.25");
        assertThat(job.at("/encoder/depth").asInt()).isEqualTo(18);          // from cpu.yaml
        assertThat(job.at("/margin/m3").asDouble()).isEqualTo(0.35);         // from cpu.yaml
        assertThat(job.at("/pfc/sample_rate").asDouble()).isEqualTo(0.25);   // from --set
        assertThat(job.at("/pfc/momentum").asDouble()).isEqualTo(0.9);       // a default
        JsonNode arc = printed("-c", "base", "--set", "margin.type=arcface");
        assertThat(arc.at("/margin/m2").asDouble()).isEqualTo(0.5);          // arcface's own default
        assertThat(arc.at("/margin/m3").asDouble()).isEqualTo(0.0);
    }
}
