package sc.fiji.draggan.invert;

/** How a non-square image becomes square before it is resized to the model resolution. */
public enum SquareFit {
	/** Keep the central square (side = the shorter edge); the rest is not inverted. */
	CROP,
	/** Pad to a square (side = the longer edge); the padding is excluded from the losses and metrics. */
	PAD;

	public static SquareFit parse(final String s) {
		for (final SquareFit f : values()) {
			if (f.name().equalsIgnoreCase(s.trim())) return f;
		}
		throw new IllegalArgumentException("unknown square fit '" + s + "' (crop or pad)");
	}
}
