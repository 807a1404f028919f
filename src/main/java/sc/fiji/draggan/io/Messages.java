package sc.fiji.draggan.io;

import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Error messages that stay one short line whatever the input: text taken from a file or from an
 * exception is clipped, and values (possibly huge, deeply nested or shared many times over) are
 * rendered without recursion and with a fixed character budget.
 */
public final class Messages {

	private Messages() {}

	/** Longest piece of outside text (a value, a reason) put into one message. */
	public static final int MAX = 200;

	/** {@code s} on one line, at most {@link #MAX} characters (an ellipsis marks a cut). */
	public static String clip(final String s) {
		return clip(s, MAX);
	}

	public static String clip(final String s, final int max) {
		if (s == null) return "null";
		final int n = Math.min(s.length(), max + 1);
		final StringBuilder b = new StringBuilder(n);
		for (int i = 0; i < n; i++) {
			final char c = s.charAt(i);
			b.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
		}
		if (s.length() > max) {
			b.setLength(max - 1);
			b.append('…');
		}
		return b.toString();
	}

	/** The message of a throwable (its class name when it has none), clipped. */
	public static String of(final Throwable t) {
		final String m = t.getMessage();
		return clip(m == null || m.trim().isEmpty() ? t.getClass().getSimpleName() : m.trim());
	}

	/**
	 * Any failure as one line for a user: the most telling message of the cause chain, clipped; the
	 * JVM's own errors in words (the heap or the stack ran out) rather than as class names.
	 */
	public static String failure(final Throwable e) {
		for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) { // JVM errors anywhere in the chain
			if (c instanceof OutOfMemoryError)
				return "out of memory (" + of(c) + "); give Java more memory (-Xmx; in Fiji: Edit > Options > Memory & Threads) or use smaller inputs";
			if (c instanceof StackOverflowError) return "the input is nested too deeply to process (stack overflow)";
		}
		Throwable t = e;
		for (int i = 0; i < 32 && t.getCause() != null && t.getCause() != t &&
			(t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException || t instanceof java.lang.reflect.InvocationTargetException); i++)
			t = t.getCause();
		return clip(of(t), 2 * MAX);
	}

	/**
	 * A value as Python would print it, roughly ({@code [1, 2]}, {@code {'a': 1}}; a bare string unquoted), at most {@link #MAX}
	 * characters. Walks iteratively and stops at the budget, so a list nested 100 000 deep or a
	 * structure that refers to the same list twice per level costs at most a few hundred steps.
	 */
	public static String value(final Object root) {
		if (root instanceof String) return clip((String) root); // a bare string as it is, as String.valueOf would
		final StringBuilder b = new StringBuilder();
		final Deque<Object> todo = new ArrayDeque<>(); // holds no null: None stands for it
		todo.push(orNone(root));
		while (!todo.isEmpty() && b.length() <= MAX) {
			final Object o = todo.pop();
			if (o instanceof Literal) {
				b.append(((Literal) o).text);
				continue;
			}
			if (o instanceof Map) {
				final Map<?, ?> m = (Map<?, ?>) o;
				pushSequence(todo, "{", "}", m.entrySet().iterator(), m.size());
			}
			else if (o instanceof Map.Entry) {
				todo.push(orNone(((Map.Entry<?, ?>) o).getValue()));
				todo.push(new Literal(": "));
				todo.push(orNone(((Map.Entry<?, ?>) o).getKey()));
			}
			else if (o instanceof Collection) {
				final Collection<?> c = (Collection<?>) o;
				pushSequence(todo, "[", "]", c.iterator(), c.size());
			}
			else if (o != null && o.getClass().isArray() && !(o instanceof char[])) {
				final int n = Array.getLength(o);
				final Object[] first = new Object[Math.min(n, 16)];
				for (int i = 0; i < first.length; i++) first[i] = Array.get(o, i);
				pushSequence(todo, "(", ")", java.util.Arrays.asList(first).iterator(), n);
			}
			else if (o instanceof String) b.append('\'').append(clip((String) o, MAX - b.length() + 2)).append('\'');
			else if (o instanceof Number || o instanceof Boolean) b.append(clip(o.toString(), 40));
			else b.append('<').append(o.getClass().getSimpleName()).append('>'); // never an unknown toString()
		}
		return clip(b.toString());
	}

	/** Pushes {@code open item, item, … close} (at most 16 items shown, then {@code …}). */
	private static void pushSequence(final Deque<Object> todo, final String open, final String close, final Iterator<?> it,
		final int size)
	{
		final Object[] items = new Object[Math.min(size, 16)];
		int k = 0;
		while (k < items.length && it.hasNext()) items[k++] = it.next();
		todo.push(new Literal(size > k ? ", …" + close : close));
		for (int i = k - 1; i >= 0; i--) {
			todo.push(orNone(items[i]));
			if (i > 0) todo.push(new Literal(", "));
		}
		todo.push(new Literal(open));
	}

	private static final Literal NONE = new Literal("None");

	private static Object orNone(final Object o) {
		return o == null ? NONE : o;
	}

	private static final class Literal {

		final String text;

		Literal(final String text) {
			this.text = text;
		}
	}
}
