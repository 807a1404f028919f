package sc.fiji.draggan.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ij.Macro;

/**
 * The options string of {@code run("Drag GAN...", "model=[/m.pkl] points=[30,24>40,34] n_steps=20")}:
 * snake_case keys, values as ImageJ writes them ({@code [..]} when they contain spaces). Keys are
 * matched whole: {@link Macro#getValue} would read {@code lambda_mask=20} as {@code mask=20} (it only
 * refuses a key preceded by a letter, and '_' is none). Unknown keys are an error (a typo must not
 * silently fall back to a default), and so are numbers that are not numbers. Booleans accept
 * {@code key=true|false} (SciJava recording) and a bare {@code key} (IJ1 recording).
 */
final class MacroOptions {

	/** key → value; a bare key maps to null. */
	private final Map<String, String> values;

	MacroOptions(final String options, final String... knownKeys) {
		this.values = parse(options == null ? "" : options);
		final Set<String> known = new LinkedHashSet<>(Arrays.asList(knownKeys));
		for (final String k : values.keySet()) {
			if (!known.contains(k)) throw new IllegalArgumentException("unknown option '" + k + "' (known: " + String.join(", ", known) + ")");
		}
	}

	boolean has(final String key) {
		return values.containsKey(key);
	}

	String string(final String key, final String def) {
		final String v = values.get(key);
		return v != null ? v : def;
	}

	int integer(final String key, final int def) {
		final String v = string(key, null);
		if (v == null) return def;
		try {
			final double d = Double.parseDouble(v.trim());
			if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new NumberFormatException();
			return (int) d;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a whole number, got '" + sc.fiji.draggan.io.Messages.clip(v, 40) + "'");
		}
	}

	long longInteger(final String key, final long def) {
		final String v = string(key, null);
		if (v == null) return def;
		try {
			return Long.parseLong(v.trim());
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a whole number, got '" + sc.fiji.draggan.io.Messages.clip(v, 40) + "'");
		}
	}

	double number(final String key, final double def) {
		final String v = string(key, null);
		if (v == null) return def;
		try {
			final double d = Double.parseDouble(v.trim());
			if (Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
			return d;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a number, got '" + sc.fiji.draggan.io.Messages.clip(v, 40) + "'");
		}
	}

	boolean flag(final String key, final boolean def) {
		final String v = string(key, null);
		if (v == null) return has(key) ? true : def;
		switch (v.trim().toLowerCase(Locale.ROOT)) {
			case "true": case "yes": case "1": case "on": return true;
			case "false": case "no": case "0": case "off": return false;
			default: throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
		}
	}

	/** The lower-case keys of an options string, with or without values. */
	static List<String> keys(final String options) {
		return new ArrayList<>(parse(options).keySet());
	}

	/** key → value of an options string: {@code key=value}, {@code key=[a value]}, {@code key='v'} or a bare {@code key}. */
	static Map<String, String> parse(final String options) {
		final Map<String, String> out = new LinkedHashMap<>();
		int i = 0;
		final int n = options.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(options.charAt(i))) i++;
			if (i >= n) break;
			final int start = i;
			while (i < n && options.charAt(i) != '=' && !Character.isWhitespace(options.charAt(i))) i++;
			final String key = Macro.trimKey(options.substring(start, i));
			String value = null;
			if (i < n && options.charAt(i) == '=') {
				i++;
				if (i < n && options.charAt(i) == '[') {
					int depth = 0;
					final int from = i + 1;
					int end = n;
					for (; i < n; i++) {
						if (options.charAt(i) == '[') depth++;
						else if (options.charAt(i) == ']' && --depth == 0) {
							end = i;
							i++;
							break;
						}
					}
					value = options.substring(from, Math.min(end, n));
				}
				else if (i < n && options.charAt(i) == '\'') {
					final int end = options.indexOf('\'', i + 1);
					value = options.substring(i + 1, end < 0 ? n : end);
					i = end < 0 ? n : end + 1;
				}
				else {
					final int from = i;
					while (i < n && !Character.isWhitespace(options.charAt(i))) i++;
					value = options.substring(from, i);
				}
			}
			if (!key.isEmpty()) out.put(key, value);
		}
		return out;
	}
}
