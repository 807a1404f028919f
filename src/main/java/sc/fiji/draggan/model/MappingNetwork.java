package sc.fiji.draggan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/** StyleGAN2 MappingNetwork, z (+ c) → ws (docs/algorithm.md#mapping-and-truncation), with its weights derived into one manager. */
final class MappingNetwork {

	private static final float SQRT2 = (float) Math.sqrt(2);

	private final GeneratorConfig cfg;
	private final Dense embed;
	private final List<Dense> fcs = new ArrayList<>();
	private final NDArray wAvg;

	MappingNetwork(final GeneratorConfig cfg, final Map<String, NDArray> raw, final NDManager m) {
		this.cfg = cfg;
		embed = cfg.cDim > 0 ? new Dense(m, raw.get("mapping.embed.weight"), raw.get("mapping.embed.bias"),
			1 / Math.sqrt(cfg.cDim), 1) : null;
		final double lr = cfg.mappingLrMultiplier;
		for (int i = 0; i < cfg.mappingLayers; i++) {
			final NDArray w = raw.get("mapping.fc" + i + ".weight");
			final long in = w.getShape().get(1);
			// lrelu(y)·√2 = lrelu(√2·y): the activation gain is folded into weight and bias (docs/algorithm.md#fully-connected-layers)
			fcs.add(new Dense(m, w, raw.get("mapping.fc" + i + ".bias"), lr / Math.sqrt(in) * SQRT2, lr * SQRT2));
		}
		wAvg = raw.get("mapping.w_avg");
	}

	/** See {@link StyleGan2Generator#mapping}. Result in z's manager. */
	NDArray forward(final NDArray z, final NDArray c, final double psi, final int cutoff) {
		final List<NDArray> layers = layers(z, c);
		final NDArray x = layers.get(layers.size() - 1);
		NDArray ws = x.expandDims(1).repeat(1, cfg.numWs());
		final int numWs = cfg.numWs();
		if (psi == 1 || cutoff == 0) return ws;
		final NDArray t = lerp(ws, psi);
		if (cutoff < 0 || cutoff >= numWs) return t;
		// truncation_cutoff = k: only ws[:, :k] are truncated (docs/algorithm.md#mapping-and-truncation)
		return NDArrays.concat(new NDList(t.get(new NDIndex(":, :{}", cutoff)), ws.get(new NDIndex(":, {}:", cutoff))), 1);
	}

	/** The input of fc0 followed by the output of every FC layer (z's manager). */
	List<NDArray> layers(final NDArray z, final NDArray c) {
		final List<NDArray> out = new ArrayList<>();
		NDArray x = null;
		if (cfg.zDim > 0) x = normalize2ndMoment(Nd.float32(z));
		if (cfg.cDim > 0) {
			final NDArray y = normalize2ndMoment(embed.apply(Nd.float32(c)));
			x = x == null ? y : x.concat(y, 1);
		}
		out.add(x);
		for (final Dense fc : fcs) {
			x = Nd.leakyRelu(fc.apply(x), 0.2f);
			out.add(x);
		}
		return out;
	}

	/** w_avg.lerp(ws, psi) with PyTorch's two-branch formula (for bit-closeness). */
	private NDArray lerp(final NDArray ws, final double psi) {
		final NDArray diff = ws.sub(wAvg);
		if (Math.abs(psi) < 0.5) return diff.muli((float) psi).addi(wAvg);
		return ws.sub(diff.muli((float) (1 - psi)));
	}

	/** x / sqrt(mean(x², features) + 1e-8) (docs/algorithm.md#mapping-and-truncation). */
	static NDArray normalize2ndMoment(final NDArray x) {
		// the exponent as a libtorch-owned constant: with a class embedding that requires gradient this is recorded
		return x.mul(x.square().mean(new int[] { 1 }, true).addi(1e-8f).pow(Nd.constant(x.getManager(), -0.5f)));
	}

	NDArray wAvg() {
		return wAvg;
	}

	/**
	 * z → ws for any generator family: checks z (and c for a conditional model), runs {@code network}
	 * (made for the call's manager: a fresh one while weights take gradients, else the cached one)
	 * and returns [N, numWs, wDim] attached to z's manager.
	 */
	static NDArray map(final GeneratorConfig config, final NDArray z, final NDArray c, final double psi, final int truncationCutoff,
		final java.util.function.Function<NDManager, MappingNetwork> network)
	{
		final long[] zd = Nd.dims(z);
		if (zd.length != 2 || zd[1] != config.zDim) throw new IllegalArgumentException("z must have shape [N, " + config.zDim +
			"], got " + z.getShape());
		if (config.cDim > 0) {
			if (c == null) throw new IllegalArgumentException("this generator is conditional (c_dim " + config.cDim +
				"): a class label c [N, " + config.cDim + "] is required");
			final long[] cd = Nd.dims(c);
			if (cd.length != 2 || cd[0] != zd[0] || cd[1] != config.cDim) throw new IllegalArgumentException("c must have shape [" +
				zd[0] + ", " + config.cDim + "], got " + c.getShape());
		}
		final NDManager out = z.getManager();
		try (NDManager call = out.newSubManager()) {
			call.tempAttachAll(z);
			if (c != null && config.cDim > 0) call.tempAttachAll(c);
			final NDArray ws = network.apply(call).forward(z, config.cDim > 0 ? c : null, psi, truncationCutoff);
			ws.attach(out);
			return ws;
		}
	}
}
