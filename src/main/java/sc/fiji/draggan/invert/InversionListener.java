package sc.fiji.draggan.invert;

import sc.fiji.draggan.progress.Monitor;

/**
 * A {@link Monitor} that also hears the loss and PSNR of every inversion step; called on the
 * inverting thread after every step. Cancelling keeps the best latent found so far.
 */
public interface InversionListener extends Monitor {

	/**
	 * @param step 1-based step within the phase
	 * @param loss the objective of this step
	 * @param psnr PSNR (dB) of this step's reconstruction, before clamping
	 */
	void progress(InversionPhase phase, int step, int steps, double loss, double psnr);

	InversionListener NONE = (phase, step, steps, loss, psnr) -> {};

	/** Inversion progress as lines of {@code monitor} ({@code inverting (w+) step 40/500, PSNR 27.1 dB}), cancelled with it. */
	static InversionListener reportingTo(final Monitor monitor) {
		return new InversionListener() {

			@Override
			public void progress(final InversionPhase phase, final int step, final int steps, final double loss, final double psnr) {
				monitor.progress(step, steps, String.format(java.util.Locale.ROOT, "inverting (%s) step %d/%d, PSNR %.1f dB", phase, step, steps, psnr));
			}

			@Override
			public void status(final String message) {
				monitor.status(message);
			}

			@Override
			public boolean isCancelled() {
				return monitor.isCancelled();
			}
		};
	}
}
