package sc.fiji.draggan.model;

import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * One StyleGAN2 SynthesisBlock (docs/algorithm.md#synthesis-blocks) at resolution {@code res}: architectures skip, orig and
 * resnet. Block index b uses ws[2b-1] (conv0), ws[2b] (conv1), ws[2b+1] (torgb) (docs/algorithm.md#synthesis-blocks).
 */
final class SynthesisBlock {

	final int index, res;
	private final NDArray constant;
	private final ModulatedConv conv0, conv1;
	private final ToRgb torgb;
	private final ResnetSkip skip;
	private final NDArray imgUpsample;

	SynthesisBlock(final GeneratorConfig cfg, final Map<String, NDArray> raw, final int index, final Fir fir,
		final NDManager m)
	{
		this.index = index;
		res = cfg.blockResolution(index);
		final String p = GeneratorLayout.blockName(res);
		final boolean isLast = index == cfg.numBlocks() - 1;
		final boolean resnet = GeneratorConfig.RESNET.equals(cfg.architecture);
		constant = index == 0 ? Nd.copyInto(m, raw.get(p + ".const")).expandDims(0) : null;
		conv0 = index == 0 ? null : new ModulatedConv(cfg, raw, p + ".conv0", res, true, 1, fir, m);
		// resnet: conv1 with gain √0.5 (activation gain 1, clamp conv_clamp·√0.5)
		conv1 = new ModulatedConv(cfg, raw, p + ".conv1", res, false, resnet && index > 0 ? Math.sqrt(0.5) : 1, fir, m);
		torgb = isLast || GeneratorConfig.SKIP.equals(cfg.architecture) ? new ToRgb(cfg, raw, p + ".torgb", m) : null;
		skip = resnet && index > 0 ? new ResnetSkip(raw, p + ".skip", fir, m) : null;
		imgUpsample = index > 0 && GeneratorConfig.SKIP.equals(cfg.architecture) ? fir.polyphase3x3(m, cfg.imgChannels) : null;
	}

	ModulatedConv conv0() {
		return conv0;
	}

	ToRgb torgb() {
		return torgb;
	}

	boolean hasImage() {
		return torgb != null;
	}

	/**
	 * Runs the main layers: x [N, Cin, res/2, res/2] (null for b4) → [N, C, res, res]. All results land
	 * in {@code m}. {@code tracked}: autograd records through this block.
	 */
	NDArray features(final NDArray x, final LatentRows ws, final NoiseMode noise, final Random rnd, final boolean tracked,
		final NDManager m)
	{
		if (index == 0) {
			final NDArray w0 = ws.row(0, m);
			final long n = w0.getShape().get(0);
			final NDArray c = Nd.copyInto(m, constant);
			return conv1.forward(n == 1 ? c : c.repeat(0, n), w0, noise, rnd, tracked);
		}
		final NDArray y = skip != null ? skip.forward(x) : null;
		final NDArray h0 = conv0.forward(x, ws.row(2 * index - 1, m), noise, rnd, tracked);
		final NDArray h = Nd.freeing(h0, conv1.forward(h0, ws.row(2 * index, m), noise, rnd, tracked));
		return y != null ? y.addi(h) : h;
	}

	/** The running image after this block: upsample2d(img) + torgb(x) (skip), or torgb(x) (last block). */
	NDArray image(final NDArray x, final NDArray img, final LatentRows ws, final NDManager m) {
		final NDArray y = torgb.forward(x, ws.row(2 * index + 1, m));
		return img == null || imgUpsample == null ? y : Fir.upsample2d(img, imgUpsample).addi(y);
	}

	/** ws[:, i, :] → [N, wDim], in m. */
	static NDArray w(final NDArray ws, final int i, final NDManager m) {
		return ws.get(m, new NDIndex(":, {}, :", i));
	}
}
