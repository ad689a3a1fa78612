package dev.debugd.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo is read by a person: its console shows the platform's own lines and other libraries' errors only, while
 * every line, the libraries' warnings included, also goes to a file beside the roles' logs.
 */
final class DemoConsole {

    private DemoConsole() {}

    static void keepLibraryWarningsIn(Path file) {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.iteratorForAppenders().forEachRemaining(console -> console.addFilter(new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                return event.getLoggerName().startsWith("dev.debugd.") || event.getLevel().isGreaterOrEqual(Level.ERROR)
                        ? FilterReply.NEUTRAL : FilterReply.DENY;
            }
        }));
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n");
        encoder.start();
        var log = new FileAppender<ILoggingEvent>();
        log.setContext(context);
        log.setName("demo-file");
        log.setFile(file.toString());
        log.setEncoder(encoder);
        log.start();
        root.addAppender(log);
    }
}
