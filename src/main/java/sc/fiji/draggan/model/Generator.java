package sc.fiji.draggan.model;

import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.tensor.StateDict;

/**
 * A style-based generator on DJL NDArrays, float32: what the drag loop, inversion and the commands
 * need from one, whatever its family ({@link StyleGan2Generator}, {@link StyleGan3Generator}).
 * <p>
 * Memory: the weights live in a sub-manager of the parent given at construction for the generator's
 * lifetime; every per-call array lands in the manager of the caller's input (z or ws).
 */
public interface Generator extends AutoCloseable {

	/** A generator of the family {@code config} names, with a copy of {@code weights}. */
	static Generator create(final GeneratorConfig config, final StateDict weights, final NDManager parent, final Device device) {
		if (config.isStyleGan3()) return new StyleGan3Generator(config, weights, parent, device);
		return new StyleGan2Generator(config, weights, parent, device);
	}

	/** The hyper-parameters (a copy). */
	GeneratorConfig config();

	Device device();

	/** The manager holding the raw weights. */
	NDManager manager();

	/**
	 * z → ws. {@code z} [N, zDim] float32 or float64; {@code c} [N, cDim] (required when cDim &gt; 0,
	 * else ignored); {@code truncationCutoff} &lt; 0 = truncate every ws. Returns [N, numWs, wDim]
	 * float32 attached to z's manager.
	 */
	NDArray mapping(NDArray z, NDArray c, double psi, int truncationCutoff);

	/** The truncation centre {@code mapping.w_avg} [wDim] (the generator's own array: do not close). */
	NDArray wAvg();

	/**
	 * ws [N, numWs, wDim] → image and feature maps (DragGAN's {@code feat} list: one per StyleGAN2
	 * block, one per StyleGAN3 layer). Differentiable with respect to ws; outputs are attached to ws'
	 * manager. {@link SynthesisOptions#lastBlock} and {@link SynthesisOptions#gradientUpToBlock} count
	 * feature maps.
	 */
	Synthesis synthesis(NDArray ws, SynthesisOptions options);

	/** name → raw weight (state-dict names and order); owned by the generator. */
	Map<String, NDArray> weights();

	/**
	 * Turns gradient recording on the learnable weights on or off. Switching off re-derives the cached
	 * arrays, so updates made to the weights meanwhile take effect.
	 */
	void setWeightsRequireGradient(boolean on);

	boolean weightsRequireGradient();

	/** Rebuilds the derived arrays from the raw weights; call after changing weights in place. */
	void refreshDerivedWeights();

	/** A deep copy of the weights in a new sub-manager of {@code parent} (gradient flag off). */
	Generator copy(NDManager parent);

	/** The weights back on the heap, in state-dict order. */
	StateDict toStateDict();

	/** Learnable values (buffers excluded). */
	long numParameters();

	@Override
	void close();
}
