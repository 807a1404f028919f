package sc.fiji.draggan.invert;

/** Progress and cancellation of an inversion; called on the inverting thread after every step. */
public interface InversionListener {

	/**
	 * @param step 1-based step within the phase
	 * @param loss the objective of this step
	 * @param psnr PSNR (dB) of this step's reconstruction, before clamping
	 */
	void progress(InversionPhase phase, int step, int steps, double loss, double psnr);

	/** Polled after every step: true stops the inversion, which keeps the best latent found so far. */
	default boolean isCancelled() {
		return false;
	}

	InversionListener NONE = (phase, step, steps, loss, psnr) -> {};
}
