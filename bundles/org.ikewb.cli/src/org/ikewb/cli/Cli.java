package org.ikewb.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine;

/**
 * The one place where the commands' options are parsed (by picocli, from each command's annotated
 * options class), their help printed and a wrong command line explained: what was wrong, then how
 * to see the options. Commands get their options filled in or an exit code.
 */
final class Cli {

	private Cli() {
	}

	/**
	 * Parses {@code args} into {@code options}.
	 *
	 * @return null when the command should run; otherwise the exit code (help printed: OK, a wrong
	 *         command line explained on {@code err}: USAGE)
	 */
	static Integer parse(String command, Object options, List<String> args, PrintStream out, PrintStream err) {
		CommandLine line = commandLine(command, options);
		try {
			CommandLine.ParseResult result = line.parseArgs(args.toArray(String[]::new));
			if (result.isUsageHelpRequested()) {
				line.usage(out);
				return Main.OK;
			}
			return null;
		} catch (CommandLine.ParameterException e) {
			return usage(command, e.getMessage(), err);
		}
	}

	/** A wrong command line: what was wrong, and where the options are explained. */
	static int usage(String command, String message, PrintStream err) {
		err.println("ikewb " + command + ": " + message);
		err.println("Run 'ikewb " + command + " --help' for its options.");
		return Main.USAGE;
	}

	/** The help of a command, as --help prints it. */
	static String help(String command, Object options) {
		java.io.StringWriter text = new java.io.StringWriter();
		commandLine(command, options).usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
		return text.toString();
	}

	private static CommandLine commandLine(String command, Object options) {
		CommandLine line = new CommandLine(options);
		line.setCommandName("ikewb " + command);
		// a CONFIG file's values come first on the command line: the command line's own value wins
		line.setOverwrittenOptionsAllowed(true);
		line.setUsageHelpWidth(120); // the descriptions are laid out by hand up to 110 columns
		line.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
		line.registerConverter(java.nio.file.Path.class, new FileName());
		return line;
	}

	/** A file name this system can use (picocli's own converter would show the JDK's exception). */
	static final class FileName implements CommandLine.ITypeConverter<java.nio.file.Path> {
		@Override
		public java.nio.file.Path convert(String value) {
			if (value.isEmpty()) {
				throw new CommandLine.TypeConversionException("an empty file name");
			}
			try {
				return java.nio.file.Path.of(value);
			} catch (java.nio.file.InvalidPathException e) {
				throw new CommandLine.TypeConversionException("'" + value.replace("\0", "\\0")
						+ "' is not a usable file name" + (value.indexOf('\0') >= 0 ? " (it holds a NUL character)" : ""));
			}
		}
	}

	/**
	 * One of a few words, each standing for a value: the error lists them ("psk or cert, not 'x'").
	 * Each option's converter names its words; picocli creates it by its no-argument constructor.
	 */
	static class Words<T> implements CommandLine.ITypeConverter<T> {
		private final java.util.Map<String, T> words;

		Words(java.util.Map<String, T> words) {
			this.words = words;
		}

		@Override
		public T convert(String value) {
			T found = words.get(value);
			if (found == null) {
				throw new CommandLine.TypeConversionException(String.join(" or ", words.keySet()) + ", not '" + value + "'");
			}
			return found;
		}
	}

	/** An ordered map of two words. */
	static <T> java.util.Map<String, T> words(String a, T valueA, String b, T valueB) {
		java.util.Map<String, T> m = new java.util.LinkedHashMap<>();
		m.put(a, valueA);
		m.put(b, valueB);
		return m;
	}

	/** A whole number above zero. */
	static final class PositiveNumber implements CommandLine.ITypeConverter<Integer> {
		@Override
		public Integer convert(String value) {
			try {
				int n = Integer.parseInt(value);
				if (n > 0) {
					return n;
				}
			} catch (NumberFormatException e) {
				// said below
			}
			throw new CommandLine.TypeConversionException("a positive whole number, not '" + value + "'");
		}
	}
}
