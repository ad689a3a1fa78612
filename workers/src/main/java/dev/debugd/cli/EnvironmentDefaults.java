package dev.debugd.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option's default from the environment: {@code DEBUGD_} and the option's long name in upper case with '_' for
 * '-' ({@code --topic-prefix} ↔ {@code DEBUGD_TOPIC_PREFIX}). A flag given on the command line still wins; a variable
 * for an option a command does not have is never asked for, so it is ignored.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    static String variable(OptionSpec option) {
        return "DEBUGD_" + option.longestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        return environment.get(variable(option));
    }
}
