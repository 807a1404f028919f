package sc.fiji.draggan.model;

/**
 * Synthesis hyper-parameters of a StyleGAN3 generator (config T or R), as found in a checkpoint's
 * {@code init_kwargs}, with the defaults of the official constructors (docs/algorithm.md, section
 * "StyleGAN3"). Held by {@link GeneratorConfig#stylegan3}; its presence makes the generator a
 * StyleGAN3 one. The shared fields of {@link GeneratorConfig} (channel base/max, conv clamp, mapping
 * settings) keep their meaning.
 */
public final class Sg3Config {

	/** Layers after the input, excluding the final ToRGB layer. */
	public int numLayers = 14;
	/** Critically sampled layers at the end (no margin, separable filters). */
	public int numCritical = 2;
	public double firstCutoff = 2;
	public double firstStopband = Math.pow(2, 2.1);
	public double lastStopbandRel = Math.pow(2, 0.3);
	/** Extra pixels around the image in every non-critical layer. */
	public int marginSize = 10;
	public double outputScale = 0.25;
	/** Kernel of every modulated conv except ToRGB (3 in config T, 1 in config R). */
	public int convKernel = 3;
	/** Low-pass filter taps per unit of up/down factor. */
	public int filterSize = 6;
	public int lreluUpsampling = 2;
	/** Radially symmetric 2-D down filters in the non-critical layers (config R). */
	public boolean useRadialFilters = false;
	/** Training-only EMA decay of the input magnitudes (recorded, not used for inference). */
	public double magnitudeEmaBeta = 0.999;

	/** "stylegan3-r" with radial filters, else "stylegan3-t". */
	public String family() {
		return useRadialFilters ? GeneratorConfig.FAMILY_STYLEGAN3_R : GeneratorConfig.FAMILY_STYLEGAN3_T;
	}

	/** @throws IllegalArgumentException with a user-readable reason */
	void validate() {
		if (numLayers < 1 || numLayers > 64) throw new IllegalArgumentException("stylegan3 num_layers must be 1..64, got " + numLayers);
		if (numCritical < 0 || numCritical >= numLayers)
			throw new IllegalArgumentException("stylegan3 num_critical must be 0.." + (numLayers - 1) + ", got " + numCritical);
		// upper bounds: a file's claims, far above the official values (3, 6, 2, 10), small enough to lay out and filter
		if (convKernel < 1 || convKernel > 31 || convKernel % 2 == 0)
			throw new IllegalArgumentException("stylegan3 conv_kernel must be odd, 1..31, got " + convKernel);
		if (filterSize < 1 || filterSize > 64) throw new IllegalArgumentException("stylegan3 filter_size must be 1..64, got " + filterSize);
		if (lreluUpsampling < 1 || lreluUpsampling > 16)
			throw new IllegalArgumentException("stylegan3 lrelu_upsampling must be 1..16, got " + lreluUpsampling);
		if (marginSize < 0 || marginSize > 1024) throw new IllegalArgumentException("stylegan3 margin_size must be 0..1024, got " + marginSize);
		if (!(firstCutoff > 0) || !(firstStopband > 0) || !(lastStopbandRel > 0))
			throw new IllegalArgumentException("stylegan3 cutoffs and stopbands must be positive");
	}
}
