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

	/**
	 * With {@link #gradientUpToBlock} k &gt;= 0 and the image wanted: stop after block k and run the remaining blocks only when
	 * {@link Synthesis#image()} is called (the drag step calls it after its backward pass, so the activations of the image
	 * blocks never coexist with the recorded graph: a lower memory peak, same values). Ignored otherwise.
	 */
	public boolean lazyImage = false;

	/**
	 * Rows k… of ws are constants for the caller (DragGAN optimises only the first rows): the synthesis reads them detached, so
	 * the backward pass computes no gradient for them (it stays zero in ws) and keeps fewer activations (docs/algorithm.md#gradients).
	 * Values do not change. Default: every row carries its gradient.
	 */
	public int constantRowsFrom = Integer.MAX_VALUE;

	/**
	 * Keep the output of every block ({@link Synthesis#features()}); false when only the image is wanted: each block's
	 * output is freed once the next block has read it, and the last block may run in row bands
	 * (docs/design.md#native-memory). StyleGAN3 keeps them regardless.
	 */
	public boolean keepFeatures = true;

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

	public SynthesisOptions constantRowsFrom(final int row) {
		constantRowsFrom = row;
		return this;
	}

	public SynthesisOptions lazyImage(final boolean on) {
		lazyImage = on;
		return this;
	}

	public SynthesisOptions keepFeatures(final boolean on) {
		keepFeatures = on;
		return this;
	}

	/** Options for the image alone: every block, constant noise, no features kept. */
	public static SynthesisOptions imageOnly() {
		return new SynthesisOptions().keepFeatures(false);
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
