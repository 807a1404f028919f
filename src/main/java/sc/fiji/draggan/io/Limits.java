package sc.fiji.draggan.io;

/**
 * Ceilings for what a file read from disk may make this JVM allocate, each overridable by a system
 * property (on the command line {@code -Ddraggan.maxModelBytes=...}; in Fiji, in the JVM options).
 * The readers also derive a budget from the actual file size, so these only matter for large files.
 */
public final class Limits {

	private Limits() {}

	/** Largest model (file, and float32 tensors made from it) a reader accepts, in bytes. */
	public static final String MAX_MODEL_BYTES = "draggan.maxModelBytes";
	/** Largest image (width × height × slices) opened, in pixels. */
	public static final String MAX_IMAGE_PIXELS = "draggan.maxImagePixels";

	private static final long DEFAULT_MAX_MODEL_BYTES = 8L << 30;
	private static final long DEFAULT_MAX_IMAGE_PIXELS = 1L << 28;

	public static long maxModelBytes() {
		return positive(MAX_MODEL_BYTES, DEFAULT_MAX_MODEL_BYTES);
	}

	public static long maxImagePixels() {
		return positive(MAX_IMAGE_PIXELS, DEFAULT_MAX_IMAGE_PIXELS);
	}

	/** A positive long system property (suffixes k, m, g allowed); the default when unset or unreadable. */
	static long positive(final String key, final long dflt) {
		final String s = System.getProperty(key);
		if (s == null || s.trim().isEmpty()) return dflt;
		String t = s.trim().toLowerCase(java.util.Locale.ROOT);
		int shift = 0;
		final char last = t.charAt(t.length() - 1);
		if (last == 'k' || last == 'm' || last == 'g') {
			shift = last == 'k' ? 10 : last == 'm' ? 20 : 30;
			t = t.substring(0, t.length() - 1);
		}
		try {
			final long v = Long.parseLong(t.trim());
			if (v <= 0 || v > (Long.MAX_VALUE >> shift)) return dflt;
			return v << shift;
		}
		catch (final NumberFormatException e) {
			return dflt;
		}
	}

	/** {@code bytes} in a short human form: 148 bytes, 12 KB, 2048 MB. */
	public static String size(final long bytes) {
		if (bytes < 10_000) return bytes + " bytes";
		if (bytes < 10_000L << 10) return (bytes >> 10) + " KB";
		return (bytes >> 20) + " MB";
	}
}
