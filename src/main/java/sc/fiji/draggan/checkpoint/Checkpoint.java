package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.StateDict;


import java.util.Collections;
import java.util.Map;

import sc.fiji.draggan.model.GeneratorConfig;

/**
 * A loaded StyleGAN2 checkpoint: the generator ({@code G_ema}) hyper-parameters and state dict, the
 * discriminator ({@code D}) state dict and init kwargs when the file has them, and where it came from.
 * Immutable by convention (tensors are shared, do not write into them).
 */
public final class Checkpoint {

	private final GeneratorConfig config;
	private final StateDict generator;
	private final StateDict discriminator;
	private final Map<String, Object> discriminatorKwargs;
	private final String source;

	/**
	 * @param discriminator may be null
	 * @param discriminatorKwargs plain JSON-like values (String, Integer, Long, Double, Boolean, null, List,
	 *          Map); may be null
	 */
	public Checkpoint(final GeneratorConfig config, final StateDict generator, final StateDict discriminator,
		final Map<String, Object> discriminatorKwargs, final String source)
	{
		if (config == null || generator == null) throw new IllegalArgumentException("a checkpoint needs a generator config and state");
		this.config = config.copy();
		this.generator = generator;
		this.discriminator = discriminator;
		this.discriminatorKwargs = discriminatorKwargs == null ? null : Collections.unmodifiableMap(discriminatorKwargs);
		this.source = source;
	}

	/** The generator's hyper-parameters (a copy: changing it does not change the checkpoint). */
	public GeneratorConfig generatorConfig() {
		return config.copy();
	}

	/** {@code G_ema}'s state dict with PyTorch names (docs/algorithm.md#parameter-names). */
	public StateDict generator() {
		return generator;
	}

	/** {@code D}'s state dict, or null when the file has no discriminator. */
	public StateDict discriminator() {
		return discriminator;
	}

	/** {@code D}'s init kwargs, or null. */
	public Map<String, Object> discriminatorKwargs() {
		return discriminatorKwargs;
	}

	/** The file this was read from. */
	public String source() {
		return source;
	}

	@Override
	public String toString() {
		return "Checkpoint[" + source + ": " + config.imgResolution + "x" + config.imgResolution + "x" + config.imgChannels + ", " +
			generator.size() + " G_ema tensors" + (discriminator != null ? ", " + discriminator.size() + " D tensors" : "") + "]";
	}
}
