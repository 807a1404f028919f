package sc.fiji.draggan.model;

import java.util.Locale;

/** Per-layer noise of the synthesis network (docs/algorithm.md#noise). DragGAN always uses CONST. */
public enum NoiseMode {
	/** the layer's stored {@code noise_const} buffer × noise_strength */
	CONST,
	/** fresh N(0, 1) noise × noise_strength, reproducible for {@link SynthesisOptions#noiseSeed} */
	RANDOM,
	/** no noise */
	NONE;

	/** @param s "const", "random" or "none" (case-insensitive) */
	public static NoiseMode parse(final String s) {
		if (s != null) {
			switch (s.trim().toLowerCase(Locale.ROOT)) {
				case "const": return CONST;
				case "random": return RANDOM;
				case "none": return NONE;
				default: break;
			}
		}
		throw new IllegalArgumentException("unknown noise mode '" + s + "' (const, random or none)");
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
