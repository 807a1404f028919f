package sc.fiji.draggan.io;

/**
 * Checks JSON text read from a file before a parser sees it: nesting deeper than a limit is refused,
 * so neither the parser nor code walking its result recurses deeply enough to overflow the stack.
 * One pass, no allocation; strings (with escapes) are skipped.
 */
public final class JsonDepth {

	private JsonDepth() {}

	/** Deep enough for any header or config this project reads. */
	public static final int MAX = 64;

	/** @throws IllegalArgumentException when objects/arrays nest deeper than {@code max} */
	public static void check(final CharSequence json, final int max) {
		int depth = 0;
		boolean inString = false;
		for (int i = 0; i < json.length(); i++) {
			final char c = json.charAt(i);
			if (inString) {
				if (c == '\\') i++;
				else if (c == '"') inString = false;
			}
			else if (c == '"') inString = true;
			else if (c == '{' || c == '[') {
				if (++depth > max) throw new IllegalArgumentException("JSON nested deeper than " + max + " levels");
			}
			else if (c == '}' || c == ']') depth--;
		}
	}
}
