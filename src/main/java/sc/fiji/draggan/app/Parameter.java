package sc.fiji.draggan.app;

import java.util.Arrays;
import java.util.Locale;

/**
 * One user-facing parameter, defined once: its macro key (also the SciJava {@code @Parameter}
 * field name and the dialog field), its command-line option, type, default, range or choices and
 * help. Every entry point reads these definitions (docs/design.md#parameters); a test checks that
 * the Fiji command, the macro reader, the CLI and the tool agree with them.
 */
public final class Parameter<T> {

	/** Macro key, {@code @Parameter} field name and dialog label, e.g. {@code n_steps}. */
	public final String key;
	/** Command-line option without dashes (e.g. {@code max-steps}), or null when the CLI has none. */
	public final String cliOption;
	public final Class<T> type;
	public final T defaultValue;
	/** Inclusive numeric range; null: unbounded on that side. */
	public final Double min, max;
	/** The allowed values of a text parameter, or null for free text. */
	private final String[] choices;
	public final String help;

	private Parameter(final String key, final String cliOption, final Class<T> type, final T defaultValue, final Double min, final Double max,
		final String[] choices, final String help)
	{
		this.key = key;
		this.cliOption = cliOption;
		this.type = type;
		this.defaultValue = defaultValue;
		this.min = min;
		this.max = max;
		this.choices = choices;
		this.help = help;
	}

	public static Parameter<Integer> integer(final String key, final String cliOption, final int defaultValue, final Integer min, final Integer max,
		final String help)
	{
		return new Parameter<>(key, cliOption, Integer.class, defaultValue, min == null ? null : min.doubleValue(), max == null ? null : max
			.doubleValue(), null, help);
	}

	public static Parameter<Double> number(final String key, final String cliOption, final double defaultValue, final Double min, final Double max,
		final String help)
	{
		return new Parameter<>(key, cliOption, Double.class, defaultValue, min, max, null, help);
	}

	public static Parameter<String> text(final String key, final String cliOption, final String defaultValue, final String help) {
		return new Parameter<>(key, cliOption, String.class, defaultValue, null, null, null, help);
	}

	public static Parameter<String> choice(final String key, final String cliOption, final String help, final String... choices) {
		return new Parameter<>(key, cliOption, String.class, choices[0], null, null, choices.clone(), help);
	}

	public static Parameter<Boolean> flag(final String key, final String cliOption, final boolean defaultValue, final String help) {
		return new Parameter<>(key, cliOption, Boolean.class, defaultValue, null, null, null, help);
	}

	/** The allowed values (the default first), or null for free text and numbers. */
	public String[] choices() {
		return choices == null ? null : choices.clone();
	}

	/**
	 * {@code value} if it is allowed.
	 *
	 * @throws IllegalArgumentException naming the parameter, the rule and the value
	 */
	public T check(final T value) {
		if (value == null) throw new IllegalArgumentException(key + " is missing");
		if (value instanceof Number) {
			final double v = ((Number) value).doubleValue();
			if (Double.isNaN(v) || Double.isInfinite(v)) throw new IllegalArgumentException(key + " must be a finite number, got " + value);
			if (min != null && v < min || max != null && v > max) throw new IllegalArgumentException(key + " must be " + range() + ", got " + value);
		}
		if (choices != null && !Arrays.asList(choices).contains(value)) throw new IllegalArgumentException(key + " must be one of " + String.join(", ",
			choices) + ", got " + value);
		return value;
	}

	/** {@code from 0 to 10}, {@code at least 1}, {@code at most 1}. */
	public String range() {
		final String lo = min == null ? null : format(min), hi = max == null ? null : format(max);
		if (lo != null && hi != null) return "from " + lo + " to " + hi;
		if (lo != null) return "at least " + lo;
		if (hi != null) return "at most " + hi;
		return "any number";
	}

	/** The default as a macro or command line writes it ({@code 300}, {@code 0.001}, {@code w+}). */
	public String defaultText() {
		if (defaultValue instanceof Double) return format((Double) defaultValue);
		return String.valueOf(defaultValue);
	}

	/** {@code [--max-steps 300]} for the CLI usage. */
	public String usage() {
		if (cliOption == null) throw new IllegalStateException(key + " has no command-line option");
		final String value = choices != null ? String.join("|", choices) : defaultText().isEmpty() ? key.toUpperCase(Locale.ROOT) : defaultText();
		return "[--" + cliOption + " " + value + "]";
	}

	private static String format(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return Double.toString(v);
	}

	@Override
	public String toString() {
		return key;
	}
}
