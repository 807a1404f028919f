package sc.fiji.draggan.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sc.fiji.draggan.io.Messages;

/**
 * GNU-style options of one subcommand: {@code --key value}, {@code --key=value}, {@code --flag},
 * and positional arguments. Every option must be consumed by the subcommand;
 * {@link #finish()} rejects the ones that were not (typos must not pass silently).
 */
public final class Options {

	private final Map<String, String> values = new LinkedHashMap<>();
	private final List<String> positional = new ArrayList<>();
	private final Set<String> used = new LinkedHashSet<>();

	/** Options that take no value. */
	private static final Set<String> FLAGS = new LinkedHashSet<>();

	public static Options parse(final String[] args, final Set<String> flags) {
		final Options o = new Options();
		for (int i = 0; i < args.length; i++) {
			final String a = args[i];
			if (a.startsWith("--") && a.length() > 2) {
				final int eq = a.indexOf('=');
				if (eq > 0) o.values.put(a.substring(2, eq), a.substring(eq + 1));
				else {
					final String key = a.substring(2);
					// a flag: declared as one, or followed by another option or nothing (e.g. bench drag --mask)
					final boolean flag = flags.contains(key) || FLAGS.contains(key) || i + 1 >= args.length ||
						args[i + 1].startsWith("--") && args[i + 1].length() > 2 && !isNumber(args[i + 1]);
					o.values.put(key, flag ? "true" : args[++i]);
				}
			}
			else o.positional.add(a);
		}
		return o;
	}

	private static boolean isNumber(final String s) {
		try {
			Double.parseDouble(s);
			return true;
		}
		catch (final NumberFormatException e) {
			return false;
		}
	}

	public static Options parse(final String... args) {
		return parse(args, Collections.<String> emptySet());
	}

	/** The options as given ({@code --key value …}, then the positional arguments), for the Info of written images. */
	public String describe() {
		final StringBuilder s = new StringBuilder();
		for (final Map.Entry<String, String> e : values.entrySet()) s.append(s.length() > 0 ? " " : "").append("--").append(e.getKey()).append(' ').append(e.getValue());
		for (final String p : positional) s.append(s.length() > 0 ? " " : "").append(p);
		return s.toString();
	}

	public boolean has(final String key) {
		used.add(key);
		return values.containsKey(key);
	}

	public String get(final String key, final String dflt) {
		used.add(key);
		final String v = values.get(key);
		return v != null ? v : dflt;
	}

	public String require(final String key) {
		final String v = get(key, null);
		if (v == null) throw new UsageException("missing required option --" + key);
		return v;
	}

	public Path path(final String key) {
		final String v = get(key, null);
		return v == null ? null : Paths.get(v);
	}

	/** {@code --model}, or the bundled default model when none (or an empty one) is named. */
	public Path modelOrDefault() throws java.io.IOException {
		final String v = get("model", null);
		return v != null && !v.trim().isEmpty() ? Paths.get(v.trim()) : sc.fiji.draggan.app.DefaultModel.path();
	}

	public Path requirePath(final String key) {
		return Paths.get(require(key));
	}

	public boolean flag(final String key) {
		final String v = get(key, null);
		return v != null && !"false".equalsIgnoreCase(v);
	}

	public int getInt(final String key, final int dflt) {
		final String v = get(key, null);
		if (v == null) return dflt;
		try {
			return Integer.parseInt(v.trim());
		}
		catch (final NumberFormatException e) {
			throw new UsageException("--" + key + " expects a whole number, got '" + Messages.clip(v, 40) + "'");
		}
	}

	public long getLong(final String key, final long dflt) {
		final String v = get(key, null);
		if (v == null) return dflt;
		try {
			return Long.parseLong(v.trim());
		}
		catch (final NumberFormatException e) {
			throw new UsageException("--" + key + " expects a whole number, got '" + Messages.clip(v, 40) + "'");
		}
	}

	public double getDouble(final String key, final double dflt) {
		final String v = get(key, null);
		if (v == null) return dflt;
		try {
			final double d = Double.parseDouble(v.trim());
			if (Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
			return d;
		}
		catch (final NumberFormatException e) { // NaN and Infinity too: no option means them, and they would give silent garbage
			throw new UsageException("--" + key + " expects a finite number, got '" + Messages.clip(v, 40) + "'");
		}
	}

	/** The value of a defined parameter's option (its default when absent), checked against the definition. */
	@SuppressWarnings("unchecked")
	public <T> T get(final sc.fiji.draggan.app.Parameter<T> p) {
		final Object v;
		if (p.type == Integer.class) v = getInt(p.cliOption, (Integer) p.defaultValue);
		else if (p.type == Double.class) v = getDouble(p.cliOption, (Double) p.defaultValue);
		else if (p.type == Boolean.class) v = has(p.cliOption) ? Boolean.valueOf(get(p.cliOption, p.defaultText())) : p.defaultValue;
		else v = get(p.cliOption, (String) p.defaultValue);
		try {
			return p.check((T) v);
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--" + p.cliOption + ": " + e.getMessage());
		}
	}

	public List<String> positional() {
		return Collections.unmodifiableList(positional);
	}

	public String positional(final int i, final String what) {
		if (i >= positional.size()) throw new UsageException("missing " + what);
		return positional.get(i);
	}

	/** @throws UsageException naming any option that the subcommand did not read */
	public void finish() {
		for (final String k : values.keySet()) {
			if (!used.contains(k)) throw new UsageException("unknown option --" + k);
		}
	}
}
