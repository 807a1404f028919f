package sc.fiji.draggan.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Hyper-parameters of a StyleGAN2 generator, as found in a checkpoint's {@code init_kwargs}, with
 * the defaults of the official constructors (docs/algorithm.md#hyper-parameters). Serialised as JSON into our
 * {@code .safetensors} bundle and printed by {@code draggan info}.
 * <p>
 * Mutable while being filled by a reader; call {@link #validate()} before use.
 */
public final class GeneratorConfig {

	/** Block architectures of {@code networks_stylegan2} (docs/algorithm.md#synthesis-blocks). */
	public static final String SKIP = "skip", ORIG = "orig", RESNET = "resnet";

	/** Checkpoint families (docs/algorithm.md, "Checkpoint families"). */
	public static final String FAMILY_STYLEGAN2 = "stylegan2", FAMILY_STYLEGAN2_TF = "stylegan2-tf",
		FAMILY_STYLEGAN_HUMAN = "stylegan-human", FAMILY_STYLEGAN3_T = "stylegan3-t", FAMILY_STYLEGAN3_R = "stylegan3-r";

	/** Where the network came from: a family name as {@code draggan info} prints it. */
	public String family = FAMILY_STYLEGAN2;
	/**
	 * False for StyleGAN-Human: every activation is H × H/2 (const 4×2, noise maps too), so the picture
	 * is {@code imgResolution} high and {@code imgResolution / 2} wide.
	 */
	public boolean square = true;

	public int zDim = 512;
	public int wDim = 512;
	public int cDim = 0;
	public int imgResolution = 1024;
	public int imgChannels = 3;

	public int mappingLayers = 8;
	public double mappingLrMultiplier = 0.01;
	/** Width of the class embedding; null means w_dim (only used when c_dim > 0). */
	public Integer embedFeatures = null;
	/** Width of the hidden mapping layers; null means w_dim. */
	public Integer layerFeatures = null;
	public double wAvgBeta = 0.998;

	public int channelBase = 32768;
	public int channelMax = 512;
	/** Recorded for completeness; float32 inference ignores it (docs/algorithm.md#clamp-and-fp16). */
	public int numFp16Res = 4;
	/** Clamp of every synthesis layer's output; null = no clamp (docs/algorithm.md#clamp-and-fp16). */
	public Double convClamp = 256.0;
	public String architecture = SKIP;
	public float[] resampleFilter = { 1, 3, 3, 1 };
	public boolean useNoise = true;

	/** Picture height: img_resolution. */
	public int imgHeight() {
		return imgResolution;
	}

	/** Picture width: img_resolution, or half of it for a non-square (StyleGAN-Human) generator. */
	public int imgWidth() {
		return square ? imgResolution : imgResolution / 2;
	}

	/** Width of the activations of the block at resolution {@code res} (its height is res). */
	public int blockWidth(final int res) {
		return square ? res : res / 2;
	}

	/**
	 * Null for a StyleGAN2 generator; the synthesis settings of a StyleGAN3 one (docs/algorithm.md,
	 * "StyleGAN3"). The StyleGAN2-only fields above (architecture, resample filter, noise) are then unused.
	 */
	public Sg3Config stylegan3 = null;

	public int numWs() {
		if (stylegan3 != null) return stylegan3.numLayers + 2;
		return 2 * log2(imgResolution) - 2;
	}

	public boolean isStyleGan3() {
		return stylegan3 != null;
	}

	/**
	 * Number of feature maps a synthesis call returns (DragGAN's {@code feat} list): one per block for
	 * StyleGAN2, one per layer L0…L{num_layers} for StyleGAN3.
	 */
	public int numFeatureMaps() {
		return stylegan3 != null ? stylegan3.numLayers + 1 : numBlocks();
	}

	/** Height = width of feature map {@code index} (StyleGAN3: margins included). */
	public int featureSize(final int index) {
		if (stylegan3 != null) return new Sg3Geometry(this).layer(index).outSize;
		return blockResolution(index);
	}

	/** Channels of the block at resolution {@code res}: min(channel_base / res, channel_max). */
	public int channels(final int res) {
		return Math.min(channelBase / res, channelMax);
	}

	public int numBlocks() {
		return log2(imgResolution) - 1;
	}

	/** Resolution of block {@code index} (0 = the 4×4 block). */
	public int blockResolution(final int index) {
		return 4 << index;
	}

	public int embedWidth() {
		return embedFeatures != null ? embedFeatures : wDim;
	}

	public int hiddenWidth() {
		return layerFeatures != null ? layerFeatures : wDim;
	}

	/** @throws IllegalArgumentException with a user-readable reason */
	public GeneratorConfig validate() {
		if (imgResolution < 4 || imgResolution > 4096 || Integer.bitCount(imgResolution) != 1)
			throw new IllegalArgumentException("img_resolution must be a power of two from 4 to 4096, got " + imgResolution);
		if (imgChannels < 1) throw new IllegalArgumentException("img_channels must be positive, got " + imgChannels);
		if (zDim < 0 || wDim < 1 || cDim < 0) throw new IllegalArgumentException("bad z_dim/w_dim/c_dim: " + zDim + "/" + wDim + "/" + cDim);
		if (mappingLayers < 1 || mappingLayers > 64) // a file's claim: far above any real network, small enough to lay out
			throw new IllegalArgumentException("mapping num_layers must be 1..64, got " + mappingLayers);
		if (family == null || family.isEmpty()) throw new IllegalArgumentException("the generator family is not set");
		if (!square && imgResolution < 8) throw new IllegalArgumentException("a non-square generator needs img_resolution >= 8, got " +
			imgResolution);
		if (stylegan3 != null) {
			stylegan3.validate();
			family = stylegan3.family(); // the StyleGAN3 family follows the synthesis settings
			if (imgResolution < 8) throw new IllegalArgumentException("stylegan3 img_resolution must be at least 8, got " + imgResolution);
			return this;
		}
		if (!SKIP.equals(architecture) && !ORIG.equals(architecture) && !RESNET.equals(architecture))
			throw new IllegalArgumentException("unsupported architecture '" + sc.fiji.draggan.io.Messages.clip(architecture, 40) + "' (skip, orig or resnet)");
		return this;
	}

	/** A named architecture for benchmarks; see {@link GeneratorPresets}. */
	public static GeneratorConfig preset(final String name) {
		return GeneratorPresets.get(name);
	}

	public String toJson() {
		return GSON.toJson(this);
	}

	public static GeneratorConfig fromJson(final String json) {
		sc.fiji.draggan.io.JsonDepth.check(json, sc.fiji.draggan.io.JsonDepth.MAX);
		return GSON.fromJson(json, GeneratorConfig.class).validate();
	}

	public GeneratorConfig copy() {
		return fromJson(toJson());
	}

	static int log2(final int v) {
		return 31 - Integer.numberOfLeadingZeros(v);
	}

	private static final Gson GSON = new GsonBuilder().serializeNulls().create();
}
