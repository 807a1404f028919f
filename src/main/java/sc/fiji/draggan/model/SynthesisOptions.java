package sc.fiji.draggan.model;

/** What {@link StyleGan2Generator#synthesis} computes. Plain public fields; chainable setters. */
public final class SynthesisOptions {

	public NoiseMode noise = NoiseMode.CONST;
	/** seed of {@link NoiseMode#RANDOM} noise: the same seed gives the same noise */
	public long noiseSeed = 0;
	/**
	 * Index of the last synthesis block to run (0 = b4); -1 = all. Stops the forward early: DragGAN's
	 * drag step needs only the trunk up to its feature block.
	 */
	public int lastBlock = -1;
	/** Compute the RGB image (only when every block runs); false = features only. */
	public boolean image = true;
	/** Also keep the running image after each block (skip architecture: every block; else the last). */
	public boolean blockImages = false;

	/**
	 * -1 (default): everything is differentiable. k &gt;= 0: only the features of blocks 0..k keep their
	 * autograd history; later blocks and the whole image path run detached, which is faster and keeps
	 * no activations for backward. DragGAN sets its feature block here: its loss never touches the
	 * image (docs/algorithm.md#latent-fed-to-the-generator).
	 */
	public int gradientUpToBlock = -1;

	/** Told the index of each block (StyleGAN3: layer) once its features are computed; null for none. For timers only. */
	public java.util.function.IntConsumer afterBlock = null;

	public SynthesisOptions noise(final NoiseMode mode) {
		noise = mode;
		return this;
	}

	public SynthesisOptions noiseSeed(final long seed) {
		noiseSeed = seed;
		return this;
	}

	public SynthesisOptions lastBlock(final int index) {
		lastBlock = index;
		return this;
	}

	public SynthesisOptions gradientUpToBlock(final int index) {
		gradientUpToBlock = index;
		return this;
	}

	public SynthesisOptions image(final boolean on) {
		image = on;
		return this;
	}

	public SynthesisOptions afterBlock(final java.util.function.IntConsumer hook) {
		afterBlock = hook;
		return this;
	}

	public SynthesisOptions blockImages(final boolean on) {
		blockImages = on;
		return this;
	}
}
