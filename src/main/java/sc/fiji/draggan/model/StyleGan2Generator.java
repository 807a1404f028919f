package sc.fiji.draggan.model;

import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.tensor.StateDict;

/**
 * The StyleGAN2 generator ({@code networks_stylegan2.Generator}, docs/algorithm.md#generator) on DJL NDArrays, float32.
 * <p>
 * Memory: the raw weights live in one sub-manager of the parent for the generator's lifetime. Derived
 * arrays (folded gains, transposed FC weights, polyphase kernels, FIR kernels) live in a second
 * sub-manager and are rebuilt by {@link #refreshDerivedWeights()}. Every per-call array lands in the
 * manager of the caller's input (z or ws); the weights' managers never grow.
 * <p>
 * With {@link #setWeightsRequireGradient(boolean) weights requiring gradient} (pivotal tuning), the
 * derived arrays are recomputed from the raw weights inside every call so gradients reach them.
 */
public final class StyleGan2Generator implements Generator {

	private final GeneratorConfig config;
	private final Device device;
	private final NDManager manager;
	private final Map<String, NDArray> weights;
	private final Fir fir;
	private NDManager derivedManager;
	private MappingNetwork mapping;
	private SynthesisNetwork synthesis;
	private boolean weightsRequireGradient;

	/** Copies the weights into a new sub-manager of {@code parent} on {@code device}. */
	public StyleGan2Generator(final GeneratorConfig config, final StateDict weights, final NDManager parent,
		final Device device)
	{
		this(config, device, parent.newSubManager(device), null, weights);
	}

	private StyleGan2Generator(final GeneratorConfig config, final Device device, final NDManager manager,
		final Map<String, NDArray> source, final StateDict heap)
	{
		this.config = config.copy().validate();
		this.device = device;
		this.manager = manager;
		try {
			final Map<String, long[]> layout = GeneratorLayout.of(this.config);
			if (heap != null) GeneratorLayout.check(this.config, heap);
			this.weights = GeneratorWeights.load(layout.keySet(), heap, source, manager);
			fir = new Fir(weights.get("synthesis.b4.resample_filter").toFloatArray());
			refreshDerivedWeights();
		}
		catch (final RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	public GeneratorConfig config() {
		return config.copy();
	}

	public Device device() {
		return device;
	}

	/** The manager holding the raw weights. */
	public NDManager manager() {
		return manager;
	}

	/**
	 * z → ws (docs/algorithm.md#mapping-and-truncation). {@code z} [N, zDim] float32 or float64; {@code c} [N, cDim] (required when
	 * cDim &gt; 0, else ignored); {@code truncationCutoff} &lt; 0 = truncate every ws. Returns
	 * [N, numWs, wDim] float32 attached to z's manager.
	 */
	public NDArray mapping(final NDArray z, final NDArray c, final double psi, final int truncationCutoff) {
		return MappingNetwork.map(config, z, c, psi, truncationCutoff, this::mappingNetwork);
	}

	/** The truncation centre {@code mapping.w_avg} [wDim] (the generator's own array: do not close). */
	public NDArray wAvg() {
		return weights.get("mapping.w_avg");
	}

	/**
	 * ws [N, numWs, wDim] → image and features (docs/algorithm.md#synthesis-blocks). Differentiable with respect to ws (DJL
	 * autograd); outputs are attached to ws' manager.
	 */
	public Synthesis synthesis(final NDArray ws, final SynthesisOptions options) {
		final SynthesisOptions o = options == null ? new SynthesisOptions() : options;
		if (!weightsRequireGradient) return synthesis.forward(ws, o, true);
		try (NDManager derived = ws.getManager().newSubManager()) {
			return new SynthesisNetwork(config, weights, fir, derived).forward(ws, o, false); // closes with derived: no lazy image
		}
	}

	/** name → raw weight (state-dict names and order, docs/algorithm.md#parameter-names); owned by the generator. */
	public Map<String, NDArray> weights() {
		return weights;
	}

	/**
	 * Turns gradient recording on the raw weights on or off. Switching off re-derives the cached
	 * arrays, so updates made to the weights meanwhile take effect.
	 */
	public void setWeightsRequireGradient(final boolean on) {
		for (final Map.Entry<String, NDArray> e : weights.entrySet()) {
			if (!StateDict.isBuffer(e.getKey())) e.getValue().setRequiresGradient(on);
		}
		weightsRequireGradient = on;
		if (!on) refreshDerivedWeights();
	}

	public boolean weightsRequireGradient() {
		return weightsRequireGradient;
	}

	/** Rebuilds the derived arrays from the raw weights; call after changing weights in place. */
	public void refreshDerivedWeights() {
		final NDManager m = manager.newSubManager();
		try {
			mapping = new MappingNetwork(config, weights, m);
			synthesis = new SynthesisNetwork(config, weights, fir, m);
		}
		catch (final RuntimeException e) {
			m.close();
			throw e;
		}
		if (derivedManager != null) derivedManager.close();
		derivedManager = m;
	}

	/** A deep copy of the weights in a new sub-manager of {@code parent} (gradient flag off). */
	public StyleGan2Generator copy(final NDManager parent) {
		return new StyleGan2Generator(config, device, parent.newSubManager(device), weights, null);
	}

	/** The weights back on the heap, in state-dict order. */
	public StateDict toStateDict() {
		return GeneratorWeights.toStateDict(weights);
	}

	/** Learnable values (buffers w_avg, noise_const, resample_filter excluded). */
	public long numParameters() {
		return GeneratorWeights.numParameters(weights);
	}

	public int numBlocks() {
		return synthesis.numBlocks();
	}

	/** The cached networks (package-private, for layer-level tests). */
	SynthesisNetwork synthesisNetwork() {
		return synthesis;
	}

	MappingNetwork mappingNetwork() {
		return mapping;
	}

	private MappingNetwork mappingNetwork(final NDManager call) {
		return weightsRequireGradient ? new MappingNetwork(config, weights, call) : mapping;
	}

	@Override
	public void close() {
		manager.close();
	}
}
