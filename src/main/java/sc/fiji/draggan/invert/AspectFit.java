package sc.fiji.draggan.invert;

/**
 * How a picture of another aspect than the model's (square, or 2:1 for StyleGAN-Human) gets the
 * model's aspect before it is resized to the model's picture size ({@link FitGeometry},
 * docs/algorithm.md#pre-processing).
 */
public enum AspectFit {
	/** Keep the largest centred region of the model's aspect; the rest is not inverted. */
	CROP,
	/** Pad to the smallest region of the model's aspect around the picture; the padding is excluded from the losses and metrics. */
	PAD;

	public static AspectFit parse(final String s) {
		for (final AspectFit f : values()) {
			if (f.name().equalsIgnoreCase(s.trim())) return f;
		}
		throw new IllegalArgumentException("unknown fit '" + s + "' (crop or pad)");
	}
}
