package sc.fiji.draggan.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * StyleGAN3 SynthesisNetwork, ws → image and per-layer features (docs/algorithm.md, "StyleGAN3"):
 * ws[:, 0] drives the input, ws[:, i + 1] layer L{i}; the image is the ToRGB output × output_scale
 * (margins are already cropped by the last layers' padding). The feature list holds every layer
 * output L0…L{num_layers}, margins included, as DragGAN's {@code feat} does. Each layer runs in its
 * own sub-manager; outputs are attached to the manager of ws.
 */
final class Sg3Synthesis {

	private final GeneratorConfig cfg;
	private final Sg3Input input;
	private final List<Sg3Layer> layers = new ArrayList<>();
	private final NDArray outputScale;

	Sg3Synthesis(final GeneratorConfig cfg, final Sg3Geometry geometry, final Map<String, NDArray> raw, final NDManager m) {
		this.cfg = cfg;
		input = new Sg3Input(cfg, geometry, raw, m);
		for (final Sg3Geometry.Layer l : geometry.layers()) layers.add(new Sg3Layer(cfg, l, raw, m));
		outputScale = Nd.constant(m, (float) cfg.stylegan3.outputScale);
	}

	/** @param mayDefer this network outlives the call, so {@link SynthesisOptions#lazyImage} may be honoured */
	Synthesis forward(final NDArray ws, final SynthesisOptions o, final boolean mayDefer) {
		final long[] d = Nd.dims(ws);
		if (d.length != 3 || d[1] != cfg.numWs() || d[2] != cfg.wDim) throw new IllegalArgumentException("ws must have shape [N, " +
			cfg.numWs() + ", " + cfg.wDim + "], got " + ws.getShape());
		final int nl = layers.size();
		if (o.lastBlock < -1 || o.lastBlock >= nl) throw new IllegalArgumentException("the last layer must be -1 (all) or 0.." +
			(nl - 1) + ", got " + o.lastBlock);
		final int last = o.lastBlock < 0 ? nl - 1 : o.lastBlock;
		final NDManager out = ws.getManager();
		final List<NDArray> features = new ArrayList<>();
		// a lazy image: the layers after the recorded ones wait until the image is asked for
		final boolean lazy = mayDefer && o.lazyImage && o.image && o.gradientUpToBlock >= 0 && o.gradientUpToBlock < last && last == nl - 1;
		final int eager = lazy ? o.gradientUpToBlock : last;
		final NDArray keptX, keptWs; // what the deferred layers start from (lazy image)
		try (NDManager top = out.newSubManager()) {
			final NDArray ws32 = Nd.float32(ws);
			if (ws32 != ws) ws32.attach(top);
			final boolean detach = o.gradientUpToBlock >= 0;
			NDArray wsDetached = null;
			if (detach || o.constantRowsFrom < cfg.numWs()) {
				wsDetached = ws32.stopGradient();
				wsDetached.attach(top);
			}
			final LatentRows rows = new LatentRows(ws32, wsDetached, o.constantRowsFrom);
			NDArray x;
			try (NDManager m = top.newSubManager()) {
				x = input.forward(rows.row(0, m));
				x.attach(top);
			}
			for (int i = 0; i <= eager; i++) {
				final boolean tracked = !detach || i <= o.gradientUpToBlock;
				x = layer(i, x, tracked ? rows : LatentRows.all(wsDetached), tracked, o, out);
				features.add(x);
			}
			if (lazy) {
				keptX = x.stopGradient();
				keptX.attach(out);
				wsDetached.attach(out);
				keptWs = wsDetached;
			}
			else if (o.image && last == nl - 1) {
				final NDArray img = x.mul(outputScale);
				img.attach(out);
				return new Synthesis(img, features, Collections.<NDArray> emptyList());
			}
			else return new Synthesis(null, features, Collections.<NDArray> emptyList());
		}
		return new Synthesis(() -> {
			try (NDManager top = out.newSubManager()) {
				NDArray x = keptX;
				for (int i = eager + 1; i <= last; i++) {
					final NDArray prev = x;
					x = layer(i, x, LatentRows.all(keptWs), false, o, top);
					if (prev.getManager() == top) prev.close(); // only the next layer needed it
				}
				final NDArray img = x.mul(outputScale);
				img.attach(out);
				return img;
			}
		}, features);
	}

	/** Runs layer i on x with the latent row i + 1 of {@code ws}; the result is attached to {@code keep}. */
	private NDArray layer(final int i, final NDArray x, final LatentRows ws, final boolean tracked, final SynthesisOptions o,
		final NDManager keep)
	{
		final NDArray y;
		try (NDManager m = keep.newSubManager()) {
			NDArray in = x;
			m.tempAttachAll(in);
			if (!tracked && i == o.gradientUpToBlock + 1) in = in.stopGradient(); // lands in m
			y = layers.get(i).forward(in, ws.row(i + 1, m));
			y.attach(keep);
		}
		if (o.afterBlock != null) o.afterBlock.accept(i);
		return y;
	}

	Sg3Layer layer(final int i) {
		return layers.get(i);
	}

	Sg3Input input() {
		return input;
	}

	int numLayers() {
		return layers.size();
	}
}
