package sc.fiji.draggan.model;

import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.tensor.StateDict;

/**
 * The StyleGAN3 generator (configs T and R; docs/algorithm.md, "StyleGAN3") on DJL NDArrays,
 * float32: the StyleGAN2 mapping network, then the Fourier-feature input and the alias-free layers.
 * No noise inputs: every {@link NoiseMode} gives the same image.
 * <p>
 * Memory as in {@link StyleGan2Generator}: raw weights in one sub-manager of the parent, derived
 * arrays in a second one rebuilt by {@link #refreshDerivedWeights()}, per-call arrays in the manager
 * of the caller's input. With weights requiring gradient the derived arrays are rebuilt inside every
 * call so gradients reach the raw weights.
 */
public final class StyleGan3Generator implements Generator {

	private final GeneratorConfig config;
	private final Sg3Geometry geometry;
	private final Device device;
	private final NDManager manager;
	private final Map<String, NDArray> weights;
	private NDManager derivedManager;
	private MappingNetwork mapping;
	private Sg3Synthesis synthesis;
	private boolean weightsRequireGradient;

	/** Copies the weights into a new sub-manager of {@code parent} on {@code device}. */
	public StyleGan3Generator(final GeneratorConfig config, final StateDict weights, final NDManager parent, final Device device) {
		this(config, device, parent.newSubManager(device), null, weights);
	}

	private StyleGan3Generator(final GeneratorConfig config, final Device device, final NDManager manager,
		final Map<String, NDArray> source, final StateDict heap)
	{
		this.config = config.copy().validate();
		if (!this.config.isStyleGan3()) {
			manager.close();
			throw new IllegalArgumentException("not a StyleGAN3 configuration (family " + this.config.family + ")");
		}
		this.device = device;
		this.manager = manager;
		try {
			geometry = new Sg3Geometry(this.config);
			final Map<String, long[]> layout = Sg3Layout.of(this.config);
			if (heap != null) Sg3Layout.check(this.config, heap);
			this.weights = GeneratorWeights.load(layout.keySet(), heap, source, manager);
			refreshDerivedWeights();
		}
		catch (final RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	@Override
	public GeneratorConfig config() {
		return config.copy();
	}

	/** Sizes, rates and filters of every layer. */
	public Sg3Geometry geometry() {
		return geometry;
	}

	@Override
	public Device device() {
		return device;
	}

	@Override
	public NDManager manager() {
		return manager;
	}

	@Override
	public NDArray mapping(final NDArray z, final NDArray c, final double psi, final int truncationCutoff) {
		return MappingNetwork.map(config, z, c, psi, truncationCutoff, call -> weightsRequireGradient ? new MappingNetwork(config, weights, call)
			: mapping);
	}

	@Override
	public NDArray wAvg() {
		return weights.get("mapping.w_avg");
	}

	@Override
	public Synthesis synthesis(final NDArray ws, final SynthesisOptions options) {
		final SynthesisOptions o = options == null ? new SynthesisOptions() : options;
		if (!weightsRequireGradient) return synthesis.forward(ws, o, true);
		try (NDManager derived = ws.getManager().newSubManager()) {
			return new Sg3Synthesis(config, geometry, weights, derived).forward(ws, o, false); // closes with derived: no lazy image
		}
	}

	@Override
	public Map<String, NDArray> weights() {
		return weights;
	}

	@Override
	public void setWeightsRequireGradient(final boolean on) {
		for (final Map.Entry<String, NDArray> e : weights.entrySet()) {
			if (!StateDict.isBuffer(e.getKey())) e.getValue().setRequiresGradient(on);
		}
		weightsRequireGradient = on;
		if (!on) refreshDerivedWeights();
	}

	@Override
	public boolean weightsRequireGradient() {
		return weightsRequireGradient;
	}

	@Override
	public void refreshDerivedWeights() {
		final NDManager m = manager.newSubManager();
		try {
			mapping = new MappingNetwork(config, weights, m);
			synthesis = new Sg3Synthesis(config, geometry, weights, m);
		}
		catch (final RuntimeException e) {
			m.close();
			throw e;
		}
		if (derivedManager != null) derivedManager.close();
		derivedManager = m;
	}

	@Override
	public StyleGan3Generator copy(final NDManager parent) {
		return new StyleGan3Generator(config, device, parent.newSubManager(device), weights, null);
	}

	@Override
	public StateDict toStateDict() {
		return GeneratorWeights.toStateDict(weights);
	}

	@Override
	public long numParameters() {
		return GeneratorWeights.numParameters(weights);
	}

	/** The input layer's output for ws[:, 0] (package-private, for layer-level tests); ws' manager. */
	NDArray input(final NDArray ws) {
		final NDArray w = ws.get(new ai.djl.ndarray.index.NDIndex(":, 0"));
		return synthesis.input().forward(w);
	}

	/** The cached synthesis network (package-private, for layer-level tests). */
	Sg3Synthesis synthesisNetwork() {
		return synthesis;
	}

	/** The cached mapping network (package-private, for layer-level tests). */
	MappingNetwork mappingNetwork() {
		return mapping;
	}

	@Override
	public void close() {
		manager.close();
	}
}
