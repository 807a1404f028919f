package sc.fiji.draggan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import sc.fiji.draggan.engine.TorchAutograd;
import ai.djl.ndarray.NDManager;

/**
 * StyleGAN2 SynthesisNetwork, ws → image and per-block features (docs/algorithm.md#synthesis-blocks). Each block runs in its
 * own sub-manager so intermediates are freed as soon as the block is done (autograd keeps what it
 * needs); outputs are attached to the manager of ws.
 */
final class SynthesisNetwork {

	private final GeneratorConfig cfg;
	private final List<SynthesisBlock> blocks = new ArrayList<>();

	SynthesisNetwork(final GeneratorConfig cfg, final Map<String, NDArray> raw, final Fir fir, final NDManager m) {
		this.cfg = cfg;
		for (int b = 0; b < cfg.numBlocks(); b++) blocks.add(new SynthesisBlock(cfg, raw, b, fir, m));
	}

	Synthesis forward(final NDArray ws, final SynthesisOptions o) {
		final long[] d = Nd.dims(ws);
		if (d.length != 3 || d[1] != cfg.numWs() || d[2] != cfg.wDim) throw new IllegalArgumentException("ws must have shape [N, " +
			cfg.numWs() + ", " + cfg.wDim + "], got " + ws.getShape());
		final int nb = blocks.size();
		if (o.lastBlock < -1 || o.lastBlock >= nb) throw new IllegalArgumentException("lastBlock must be -1 (all) or 0.." +
			(nb - 1) + ", got " + o.lastBlock);
		final int last = o.lastBlock < 0 ? nb - 1 : o.lastBlock;
		final boolean wantImage = o.blockImages || o.image && last == nb - 1;
		final NDManager out = ws.getManager();
		final List<NDArray> features = new ArrayList<>();
		final List<NDArray> blockImages = new ArrayList<>();
		final Random rnd = new Random(o.noiseSeed);
		NDArray img = null;
		try (NDManager top = out.newSubManager()) {
			final NDArray ws32 = Nd.float32(ws);
			if (ws32 != ws) ws32.attach(top);
			final boolean detach = o.gradientUpToBlock >= 0;
			final boolean recording = TorchAutograd.recording();
			NDArray wsDetached = null;
			if (detach) {
				wsDetached = ws32.stopGradient();
				wsDetached.attach(top);
			}
			NDArray x = null;
			for (int b = 0; b <= last; b++) {
				final SynthesisBlock block = blocks.get(b);
				final NDArray prevImg = img;
				final boolean tracked = !detach || b <= o.gradientUpToBlock;
				try (NDManager m = top.newSubManager()) {
					NDArray in = x;
					if (in != null) {
						m.tempAttachAll(in);
						if (!tracked && b == o.gradientUpToBlock + 1) in = in.stopGradient(); // lands in m
					}
					if (img != null) m.tempAttachAll(img);
					x = block.features(in, tracked ? ws32 : wsDetached, o.noise, rnd, recording && tracked, m);
					final NDArray forImage = detach && tracked && wantImage && block.hasImage() ? x.stopGradient() : x; // in m
					x.attach(out);
					if (wantImage && block.hasImage()) {
						img = block.image(forImage, img, detach ? wsDetached : ws32, m);
						img.attach(o.blockImages ? out : top);
					}
				}
				features.add(x);
				if (o.afterBlock != null) o.afterBlock.accept(b);
				if (img != prevImg) {
					if (o.blockImages) blockImages.add(img);
					else if (prevImg != null) prevImg.close();
				}
			}
			if (img != null && !o.blockImages) img.attach(out);
		}
		return new Synthesis(o.image && last == nb - 1 ? img : null, features, blockImages);
	}

	SynthesisBlock block(final int index) {
		return blocks.get(index);
	}

	int numBlocks() {
		return blocks.size();
	}
}
