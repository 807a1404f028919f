package sc.fiji.draggan.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

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

	Synthesis forward(final NDArray ws, final SynthesisOptions o) {
		final long[] d = Nd.dims(ws);
		if (d.length != 3 || d[1] != cfg.numWs() || d[2] != cfg.wDim) throw new IllegalArgumentException("ws must have shape [N, " +
			cfg.numWs() + ", " + cfg.wDim + "], got " + ws.getShape());
		final int nl = layers.size();
		if (o.lastBlock < -1 || o.lastBlock >= nl) throw new IllegalArgumentException("the last layer must be -1 (all) or 0.." +
			(nl - 1) + ", got " + o.lastBlock);
		final int last = o.lastBlock < 0 ? nl - 1 : o.lastBlock;
		final NDManager out = ws.getManager();
		final List<NDArray> features = new ArrayList<>();
		NDArray img = null;
		try (NDManager top = out.newSubManager()) {
			final NDArray ws32 = Nd.float32(ws);
			if (ws32 != ws) ws32.attach(top);
			final boolean detach = o.gradientUpToBlock >= 0;
			NDArray wsDetached = null;
			if (detach) {
				wsDetached = ws32.stopGradient();
				wsDetached.attach(top);
			}
			NDArray x;
			try (NDManager m = top.newSubManager()) {
				final NDArray w = ws32.get(new NDIndex(":, 0"));
				w.attach(m);
				x = input.forward(w);
				x.attach(top);
			}
			for (int i = 0; i <= last; i++) {
				final boolean tracked = !detach || i <= o.gradientUpToBlock;
				try (NDManager m = top.newSubManager()) {
					NDArray in = x;
					m.tempAttachAll(in);
					if (!tracked && i == o.gradientUpToBlock + 1) in = in.stopGradient(); // lands in m
					final NDArray w = (tracked ? ws32 : wsDetached).get(new NDIndex(":, {}", i + 1));
					w.attach(m);
					x = layers.get(i).forward(in, w);
					x.attach(out);
				}
				features.add(x);
				if (o.afterBlock != null) o.afterBlock.accept(i);
			}
			if (o.image && last == nl - 1) {
				img = x.mul(outputScale);
				img.attach(out);
			}
		}
		return new Synthesis(img, features, Collections.<NDArray> emptyList());
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
