package org.ikewb.cli;

import java.io.PrintStream;

import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.LogManager;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/**
 * Where the libraries' log4j messages (Xtext, EMF) go when the command line runs as a process:
 * an error one of them logs (a check that failed inside Xtext and was caught there) becomes one
 * line on standard error saying so, never its exception text; anything below error is dropped.
 * <p>
 * Configured in code, with log4j's own configuration search turned off: that search looked for
 * log4j.xml and log4j.properties through every jar on the class path and then read the console
 * configuration Xtext's jar carries (INFO to standard output, where --format json goes) — about a
 * tenth of a second of every start.
 */
final class LibraryLog {

	private LibraryLog() {
	}

	/** The standard error of the command a thread of the {@link Server} runs (whose libraries log on that thread). */
	static final ThreadLocal<PrintStream> OF_THIS_COMMAND = new ThreadLocal<>();

	/** Before anything touches log4j (Main.main's first step). */
	static void configure(PrintStream err) {
		configure(new InternalErrors(() -> err));
	}

	/** For the server: each command's errors on its own standard error, once per command. */
	static void configure(ThreadLocal<PrintStream> ofThisCommand) {
		configure(new InternalErrors(ofThisCommand::get));
	}

	private static void configure(InternalErrors appender) {
		System.setProperty("log4j.defaultInitOverride", "true");
		Logger root = LogManager.getRootLogger();
		root.removeAllAppenders();
		root.setLevel(Level.ERROR);
		root.addAppender(appender);
	}

	/** One line for the first error a library logs (per standard error: the server's commands each have theirs). */
	private static final class InternalErrors extends AppenderSkeleton {
		private final java.util.function.Supplier<PrintStream> err;
		private final java.util.Set<PrintStream> said = java.util.Collections
				.newSetFromMap(new java.util.WeakHashMap<>());

		InternalErrors(java.util.function.Supplier<PrintStream> err) {
			this.err = err;
		}

		@Override
		protected synchronized void append(LoggingEvent event) {
			PrintStream err = this.err.get();
			if (err != null && event.getLevel().isGreaterOrEqual(Level.ERROR) && said.add(err)) {
				String where = event.getLoggerName();
				err.println("ikewb: internal error in " + where.substring(where.lastIndexOf('.') + 1)
						+ "; the result may be incomplete. Please report it with the command line");
			}
		}

		@Override
		public boolean requiresLayout() {
			return false;
		}

		@Override
		public void close() {
			// nothing held
		}
	}
}
