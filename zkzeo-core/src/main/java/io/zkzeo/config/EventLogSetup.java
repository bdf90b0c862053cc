package io.zkzeo.config;

import java.util.Objects;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies an {@code <eventlog>} section to logback: the root level, and one appender per
 * {@code <logfile>} ({@code STDOUT} and {@code STDERR} name the console) with its own threshold and its
 * format translated to a logback pattern. When the section has handlers they replace the root logger's
 * appenders. {@link RunZeoSetup} has already refused the settings that cannot be applied.
 */
public final class EventLogSetup {

	private static final org.slf4j.Logger logger = LoggerFactory.getLogger(EventLogSetup.class);

	private EventLogSetup() {
	}

	/**
	 * Apply the settings to the logback context SLF4J is bound to. When SLF4J is bound to another
	 * implementation a warning says that the settings are not applied.
	 * @param eventLog the settings
	 * @return whether the settings were applied
	 */
	public static boolean apply(EventLogConfig eventLog) {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!isLogback(factory)) {
			logger.warn("<eventlog> not applied: logging goes through {}, not logback", factory.getClass().getName());
			return false;
		}
		apply(eventLog, (LoggerContext) factory);
		return true;
	}

	/**
	 * Apply the settings to a logback context.
	 * @param eventLog the settings
	 * @param context the logback context
	 */
	public static void apply(EventLogConfig eventLog, LoggerContext context) {
		Objects.requireNonNull(eventLog, "'eventLog' must not be null");
		ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.setLevel(levelOf(eventLog.level(), Level.ALL));
		if (eventLog.handlers().isEmpty()) {
			return;
		}
		root.detachAndStopAllAppenders();
		int count = 0;
		for (LogHandlerConfig handler : eventLog.handlers()) {
			if (handler.type().equals("logfile") && handler.path() != null) {
				root.addAppender(appender(handler, context, "eventlog-" + (++count)));
			}
		}
	}

	private static OutputStreamAppender<ILoggingEvent> appender(LogHandlerConfig handler, LoggerContext context,
			String name) {
		String path = Objects.requireNonNull(handler.path());
		OutputStreamAppender<ILoggingEvent> appender;
		if (path.equals("STDOUT") || path.equals("STDERR")) {
			ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
			console.setTarget(path.equals("STDOUT") ? "System.out" : "System.err");
			appender = console;
		}
		else {
			FileAppender<ILoggingEvent> file = new FileAppender<>();
			file.setFile(path);
			file.setAppend(true);
			appender = file;
		}
		appender.setContext(context);
		appender.setName(name);
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern(LogFormats.toPattern(handler.format()));
		encoder.start();
		appender.setEncoder(encoder);
		if (handler.level().value() > 0) {
			ThresholdFilter threshold = new ThresholdFilter();
			threshold.setLevel(levelOf(handler.level(), Level.ALL).toString());
			threshold.start();
			appender.addFilter(threshold);
		}
		appender.start();
		return appender;
	}

	private static Level levelOf(LogLevel level, Level unset) {
		org.slf4j.event.Level slf4j = level.slf4jLevel();
		return (slf4j != null) ? Level.toLevel(slf4j.toString(), unset) : unset;
	}

	private static boolean isLogback(ILoggerFactory factory) {
		try {
			return factory instanceof LoggerContext;
		}
		catch (NoClassDefFoundError ex) {
			return false;
		}
	}

}
