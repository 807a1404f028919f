package sc.fiji.draggan.invert;

/** The stages of an inversion, in order. */
public enum InversionPhase {
	/** One w for every layer, from w_avg (with NVIDIA's decaying latent noise). */
	W("w"),
	/** One w per layer, starting from the W result. */
	W_PLUS("w+"),
	/** Pivotal tuning: the generator copy's synthesis weights, the latent fixed. */
	PTI("pti");

	private final String label;

	InversionPhase(final String label) {
		this.label = label;
	}

	@Override
	public String toString() {
		return label;
	}
}
