package org.protoface.cli;

import org.protoface.config.Config;
import org.protoface.run.JobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Prints a job's complete configuration: every key with the value a run would use, defaults
 * included (they live in code, one place per section). This is what {@code train} saves as
 * {@code <out>/config.yaml}.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print the complete configuration of a job: every key with the value a run would use, defaults included.",
                "protoface config -c base prints the defaults; the same YAML is saved as <out>/config.yaml by train."})
public final class ConfigCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "NAME|FILE", defaultValue = "cpu",
            description = "Preset name in configs/ or a YAML file (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (repeatable).")
    List<String> overrides = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(JobConfig.resolve(Config.load(config, overrides)).toYaml());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
