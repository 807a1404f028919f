package sc.fiji.draggan.edit;

/** Which latent the drag optimises (docs/algorithm.md#drag-session-state, #latent-fed-to-the-generator). */
public enum LatentSpace {
	/** One row per synthesis layer; only the first {@link DragParameters#OPTIMISED_LAYERS} reach the generator. */
	W_PLUS,
	/** A single w vector, broadcast to the first {@link DragParameters#OPTIMISED_LAYERS} layers. */
	W;

	/** Parses {@code w+} / {@code wplus} / {@code w}. */
	public static LatentSpace parse(final String s) {
		final String t = s.trim().toLowerCase(java.util.Locale.ROOT);
		if (t.equals("w+") || t.equals("wplus") || t.equals("w_plus")) return W_PLUS;
		if (t.equals("w")) return W;
		throw new IllegalArgumentException("latent space must be 'w+' or 'w', got '" + s + "'");
	}

	@Override
	public String toString() {
		return this == W_PLUS ? "w+" : "w";
	}
}
