package org.ikewb.cli;

import java.io.PrintStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where the commands' options are parsed (from each command's options class, its
 * fields annotated with {@link Option} and {@link Parameters}), their help printed and a wrong
 * command line explained: what was wrong, then how to see the options. Commands get their options
 * filled in or an exit code.
 * <p>
 * Written here rather than taken from an options library: the one we used (picocli) built a
 * reflective model of every option and its annotations on each start — a third of {@code ikewb
 * run}'s start-up — and its Java 5 class files cannot go into the JVM's ahead-of-time cache. The
 * command lines it accepted are accepted alike: {@code --name value} and {@code --name=value}, a
 * later value of a single option replacing an earlier one (a CONFIG file's values come first),
 * repeated list options adding up, {@code --} ending the options.
 */
final class Cli {

	/** A command's synopsis (instead of the one made from its options), description and footer, as its help prints them. */
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.TYPE)
	@interface Command {
		String[] customSynopsis() default {};

		String[] description() default {};

		String[] footer() default {};
	}

	/** An option: a flag when the field is a boolean, a repeatable value when it is a List. */
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.FIELD)
	@interface Option {
		String[] names();

		String paramLabel() default "";

		String[] description() default {};

		/** How a value is read; by default from the field's type (text, file name, whole number). */
		@SuppressWarnings("rawtypes")
		Class<? extends Converter> converter() default Converter.class;

		boolean required() default false;

		/** The option asks for the help (which then wins over everything else on the line). */
		boolean usageHelp() default false;
	}

	/** Positional arguments, taken in the order of the fields: arity "1" or "1..*". */
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.FIELD)
	@interface Parameters {
		String paramLabel();

		String arity() default "1";

		String[] description() default {};
	}

	/** Reads one value; {@link BadValue} says what is expected instead. */
	interface Converter<T> {
		T convert(String value);
	}

	/** A value an option cannot take: the message says what it takes ("text or json, not 'xml'"). */
	static final class BadValue extends IllegalArgumentException {
		private static final long serialVersionUID = 1L;

		BadValue(String message) {
			super(message);
		}
	}

	/** What was wrong with a command line, in words. */
	private static final class WrongLine extends Exception {
		private static final long serialVersionUID = 1L;

		WrongLine(String message) {
			super(message);
		}
	}

	private static final int WIDTH = 120;

	private Cli() {
	}

	/**
	 * Parses {@code args} into {@code options}.
	 *
	 * @return null when the command should run; otherwise the exit code (help printed: OK, a wrong
	 *         command line explained on {@code err}: USAGE)
	 */
	static Integer parse(String command, Object options, List<String> args, PrintStream out, PrintStream err) {
		Spec spec = Spec.of(options.getClass());
		try {
			if (spec.fill(options, args)) {
				out.print(help(command, spec));
				return Main.OK;
			}
			return null;
		} catch (WrongLine e) {
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
		return help(command, Spec.of(options.getClass()));
	}

	/** One option or positional argument of a command, and how its values are read into its field. */
	private record Entry(Field field, List<String> names, String label, String[] description, Converter<?> converter,
			boolean required, boolean usageHelp, boolean flag, boolean list, int min, boolean many) {

		String name() {
			return names.isEmpty() ? label : names.get(names.size() - 1);
		}

		Object read(String value) throws WrongLine {
			try {
				return converter.convert(value);
			} catch (BadValue e) {
				throw new WrongLine(names.isEmpty() ? "Invalid value for positional parameter '" + label + "': " + e.getMessage()
						: "Invalid value for option '" + name() + "': " + e.getMessage());
			}
		}

		@SuppressWarnings("unchecked")
		void set(Object options, Object value) {
			try {
				if (list) {
					((List<Object>) field.get(options)).add(value);
				} else {
					field.set(options, value);
				}
			} catch (IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	/** A command's options, read once from its class. */
	private record Spec(Command command, List<Entry> options, List<Entry> positionals, Map<String, Entry> byName) {

		static Spec of(Class<?> type) {
			List<Entry> options = new ArrayList<>();
			List<Entry> positionals = new ArrayList<>();
			Map<String, Entry> byName = new LinkedHashMap<>();
			for (Field f : type.getDeclaredFields()) {
				Option o = f.getAnnotation(Option.class);
				Parameters p = f.getAnnotation(Parameters.class);
				if (o == null && p == null) {
					continue;
				}
				f.setAccessible(true);
				boolean list = List.class.isAssignableFrom(f.getType());
				Class<?> valueType = list ? (Class<?>) ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0] : f.getType();
				if (o != null) {
					boolean flag = valueType == boolean.class;
					Entry e = new Entry(f, List.of(o.names()), o.paramLabel(), o.description(),
							flag ? null : converter(o.converter(), valueType), o.required(), o.usageHelp(), flag, list, 0, list);
					options.add(e);
					e.names().forEach(n -> byName.put(n, e));
				} else {
					boolean many = p.arity().endsWith("*");
					int min = p.arity().startsWith("0") ? 0 : 1;
					positionals.add(new Entry(f, List.of(), p.paramLabel(), p.description(), converter(Converter.class, valueType),
							min > 0, false, false, list, min, many));
				}
			}
			return new Spec(type.getAnnotation(Command.class), options, positionals, byName);
		}

		/** Fills in the options; true when the help was asked for. */
		boolean fill(Object options, List<String> args) throws WrongLine {
			boolean help = false;
			boolean optionsEnded = false;
			List<String> rest = new ArrayList<>();
			List<Integer> restIndex = new ArrayList<>();
			java.util.Set<Entry> given = new java.util.HashSet<>();
			for (int i = 0; i < args.size(); i++) {
				String arg = args.get(i);
				if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
					rest.add(arg);
					restIndex.add(i);
					continue;
				}
				if (arg.equals("--")) {
					optionsEnded = true;
					continue;
				}
				int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
				String name = eq < 0 ? arg : arg.substring(0, eq);
				Entry e = byName.get(name);
				if (e == null) {
					throw new WrongLine("Unknown option: '" + arg + "'");
				}
				given.add(e);
				if (e.usageHelp()) {
					help = true;
				}
				if (e.flag()) {
					if (eq >= 0) {
						throw new WrongLine("Option '" + name + "' takes no value, not '" + arg.substring(eq + 1) + "'");
					}
					e.set(options, true);
					continue;
				}
				String value;
				if (eq >= 0) {
					value = arg.substring(eq + 1);
				} else if (i + 1 >= args.size()) {
					throw new WrongLine("Missing required parameter for option '" + name + "' (" + e.label() + ")");
				} else if (byName.containsKey(args.get(i + 1))) {
					throw new WrongLine("Expected parameter for option '" + name + "' but found '" + args.get(i + 1) + "'");
				} else {
					value = args.get(++i);
				}
				e.set(options, e.read(value));
			}
			if (help) {
				return true;
			}
			for (Entry e : this.options) {
				if (e.required() && !given.contains(e)) {
					throw new WrongLine("Missing required option: '" + e.name() + "=" + e.label() + "'");
				}
			}
			int next = 0;
			for (Entry p : positionals) {
				int taken = 0;
				while (next < rest.size() && (p.many() || taken == 0)) {
					p.set(options, p.read(rest.get(next++)));
					taken++;
				}
				if (taken < p.min()) {
					throw new WrongLine("Missing required parameter: '" + p.label() + "'");
				}
			}
			if (next < rest.size()) {
				throw new WrongLine("Unmatched argument at index " + restIndex.get(next) + ": '" + rest.get(next) + "'");
			}
			return false;
		}
	}

	@SuppressWarnings("rawtypes")
	private static Converter<?> converter(Class<? extends Converter> type, Class<?> valueType) {
		if (type != Converter.class) {
			try {
				Constructor<? extends Converter> c = type.getDeclaredConstructor();
				c.setAccessible(true);
				return c.newInstance();
			} catch (ReflectiveOperationException e) {
				throw new IllegalStateException("converter " + type.getName() + " needs a constructor without arguments", e);
			}
		}
		if (valueType == String.class) {
			return value -> value;
		}
		if (valueType == java.nio.file.Path.class) {
			return new FileName();
		}
		if (valueType == int.class || valueType == Integer.class) {
			return Cli::wholeNumber;
		}
		throw new IllegalStateException("no converter for " + valueType);
	}

	private static Integer wholeNumber(String value) {
		try {
			return Integer.parseInt(value);
		} catch (NumberFormatException e) {
			throw new BadValue("a whole number, not '" + value + "'");
		}
	}

	private static String help(String command, Spec spec) {
		StringBuilder b = new StringBuilder("Usage: ");
		Command c = spec.command();
		if (c != null && c.customSynopsis().length > 0) {
			b.append(String.join("\n", c.customSynopsis())).append('\n');
		} else {
			b.append(synopsis(command, spec)).append('\n');
		}
		if (c != null) {
			for (String line : c.description()) {
				b.append(line).append('\n');
			}
		}
		List<String[]> rows = new ArrayList<>();
		for (Entry p : spec.positionals()) {
			rows.add(new String[] { "      " + p.label() + (p.many() ? "..." : ""), String.join(" ", p.description()) });
		}
		for (Entry o : spec.options()) {
			String shortName = o.names().stream().filter(n -> !n.startsWith("--")).findFirst().orElse(null);
			String longName = o.names().stream().filter(n -> n.startsWith("--")).findFirst().orElse(o.names().get(0));
			String left = (shortName != null && !shortName.equals(longName) ? "  " + shortName + ", " : "      ") + longName
					+ (o.flag() ? "" : "=" + o.label());
			rows.add(new String[] { left, String.join(" ", o.description()) });
		}
		int column = 0;
		for (String[] r : rows) {
			if (r[0].length() <= 32) {
				column = Math.max(column, r[0].length());
			}
		}
		column += 3;
		for (String[] r : rows) {
			b.append(r[0]);
			int at = r[0].length();
			if (at > column - 2) {
				b.append('\n');
				at = 0;
			}
			b.append(" ".repeat(column - at));
			wrap(b, r[1], column);
		}
		if (c != null) {
			for (String line : c.footer()) {
				b.append(line).append('\n');
			}
		}
		return b.toString();
	}

	/** The synopsis made from the options: required ones bare, the others in brackets. */
	private static String synopsis(String command, Spec spec) {
		StringBuilder s = new StringBuilder("ikewb " + command);
		for (Entry o : spec.options()) {
			String name = o.usageHelp() ? o.names().get(0) : o.name();
			String text = name + (o.flag() ? "" : "=" + o.label());
			s.append(' ').append(o.required() ? text : "[" + text + "]");
		}
		for (Entry p : spec.positionals()) {
			s.append(' ').append(p.label()).append(p.many() ? "..." : "");
		}
		return s.toString();
	}

	/** {@code text} from the current column to WIDTH, further lines indented to {@code column}. */
	private static void wrap(StringBuilder b, String text, int column) {
		int room = Math.max(20, WIDTH - column);
		String indent = " ".repeat(column);
		String line = "";
		for (String word : text.split(" ")) {
			if (!line.isEmpty() && line.length() + 1 + word.length() > room) {
				b.append(line).append('\n').append(indent);
				line = word;
			} else {
				line = line.isEmpty() ? word : line + " " + word;
			}
		}
		b.append(line).append('\n');
	}

	/** A file name this system can use (the JDK's own parsing would show its exception). */
	static final class FileName implements Converter<java.nio.file.Path> {
		@Override
		public java.nio.file.Path convert(String value) {
			if (value.isEmpty()) {
				throw new BadValue("an empty file name");
			}
			try {
				return java.nio.file.Path.of(value);
			} catch (java.nio.file.InvalidPathException e) {
				throw new BadValue("'" + value.replace("\0", "\\0") + "' is not a usable file name"
						+ (value.indexOf('\0') >= 0 ? " (it holds a NUL character)" : ""));
			}
		}
	}

	/**
	 * One of a few words, each standing for a value: the error lists them ("psk or cert, not 'x'").
	 * Each option's converter names its words; it is created by its no-argument constructor.
	 */
	static class Words<T> implements Converter<T> {
		private final Map<String, T> words;

		Words(Map<String, T> words) {
			this.words = words;
		}

		@Override
		public T convert(String value) {
			T found = words.get(value);
			if (found == null) {
				throw new BadValue(String.join(" or ", words.keySet()) + ", not '" + value + "'");
			}
			return found;
		}
	}

	/** An ordered map of two words. */
	static <T> Map<String, T> words(String a, T valueA, String b, T valueB) {
		Map<String, T> m = new LinkedHashMap<>();
		m.put(a, valueA);
		m.put(b, valueB);
		return m;
	}

	/** A whole number above zero. */
	static final class PositiveNumber implements Converter<Integer> {
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
			throw new BadValue("a positive whole number, not '" + value + "'");
		}
	}
}
