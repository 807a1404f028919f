package sc.fiji.draggan.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.Macro;

/**
 * The options string of {@code run("Drag GAN...", "model=[/m.pkl] points=[30,24>40,34] n_steps=20")}:
 * snake_case keys, values as ImageJ writes them ({@code [..]} when they contain spaces), read with
 * ImageJ's own {@link Macro#getValue}. Unknown keys are an error (a typo must not silently fall back to
 * a default), and so are numbers that are not numbers. Booleans accept {@code key=true|false} (SciJava
 * recording) and a bare {@code key} (IJ1 recording).
 */
final class MacroOptions {

	private final String options;
	private final Set<String> known;

	MacroOptions(final String options, final String... knownKeys) {
		this.options = options == null ? "" : options;
		this.known = new LinkedHashSet<>(Arrays.asList(knownKeys));
		for (final String k : keys(this.options)) {
			if (!known.contains(k)) throw new IllegalArgumentException("unknown option '" + k + "' (known: " + String.join(", ", known) + ")");
		}
	}

	boolean has(final String key) {
		return keys(options).contains(key);
	}

	String string(final String key, final String def) {
		return Macro.getValue(options, key, def);
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
			throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
		}
	}

	long longInteger(final String key, final long def) {
		final String v = string(key, null);
		if (v == null) return def;
		try {
			return Long.parseLong(v.trim());
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
		}
	}

	double number(final String key, final double def) {
		final String v = string(key, null);
		if (v == null) return def;
		try {
			return Double.parseDouble(v.trim());
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
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
		final List<String> out = new ArrayList<>();
		int i = 0;
		final int n = options.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(options.charAt(i))) i++;
			if (i >= n) break;
			final int start = i;
			while (i < n && options.charAt(i) != '=' && !Character.isWhitespace(options.charAt(i))) i++;
			out.add(Macro.trimKey(options.substring(start, i)));
			if (i < n && options.charAt(i) == '=') {
				i++;
				if (i < n && options.charAt(i) == '[') {
					int depth = 0;
					for (; i < n; i++) {
						if (options.charAt(i) == '[') depth++;
						else if (options.charAt(i) == ']' && --depth == 0) {
							i++;
							break;
						}
					}
				}
				else if (i < n && options.charAt(i) == '\'') {
					final int end = options.indexOf('\'', i + 1);
					i = end < 0 ? n : end + 1;
				}
				else while (i < n && !Character.isWhitespace(options.charAt(i))) i++;
			}
		}
		return out;
	}
}
