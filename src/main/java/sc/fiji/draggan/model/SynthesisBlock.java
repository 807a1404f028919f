package sc.fiji.draggan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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

	ModulatedConv conv1() {
		return conv1;
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
		return features(x, ws, noise, rnd, tracked, m, 0);
	}

	/** {@link #features} of a band of rows whose output row 0 is row {@code row0} of this block (for the constant noise). */
	private NDArray features(final NDArray x, final LatentRows ws, final NoiseMode noise, final Random rnd, final boolean tracked,
		final NDManager m, final int row0)
	{
		if (index == 0) {
			final NDArray w0 = ws.row(0, m);
			final long n = w0.getShape().get(0);
			final NDArray c = Nd.copyInto(m, constant);
			return conv1.forward(n == 1 ? c : c.repeat(0, n), w0, noise, rnd, tracked);
		}
		final NDArray y = skip != null ? skip.forward(x) : null;
		final NDArray h0 = conv0.forward(x, ws.row(2 * index - 1, m), noise, rnd, tracked, row0);
		final NDArray h = Nd.freeing(h0, conv1.forward(h0, ws.row(2 * index, m), noise, rnd, tracked, row0));
		return y != null ? y.addi(h) : h;
	}

	/** The running image after this block: upsample2d(img) + torgb(x) (skip), or torgb(x) (last block). */
	NDArray image(final NDArray x, final NDArray img, final LatentRows ws, final NDManager m) {
		final NDArray y = torgb.forward(x, ws.row(2 * index + 1, m));
		return img == null || imgUpsample == null ? y : Fir.upsample2d(img, imgUpsample).addi(y);
	}

	/** Rows per band of {@link #inBands} for this batch size; {@link #res} when one band holds the whole block. */
	int bandRows(final long batch) {
		return index == 0 ? res : RowBands.rows(batch, conv1.outChannels(), conv1.width(), res);
	}

	/** The output of a block computed in bands: its features (row bands, or null when not kept) and running image (or null). */
	static final class Banded {
		final RowBandedArray features;
		final NDArray image;

		Banded(final RowBandedArray features, final NDArray image) {
			this.features = features;
			this.image = image;
		}
	}

	/**
	 * This block without autograd in bands of {@code bandRows} rows, so that no activation at its resolution is
	 * allocated whole (docs/algorithm.md#row-bands): each band runs {@link #features} and, where the block has one,
	 * {@link #image} on a window of the input rows with a margin of {@link RowBands#MARGIN} rows and keeps the rows the
	 * margin makes exact; the constant noise follows the rows. Same values as the whole block up to the order of float
	 * sums. Not for the first block (no input) nor random noise (drawn per call). Results in m.
	 *
	 * @param x the input features, in row bands or whole
	 * @param img the running image before this block (skip architecture), or null
	 * @param keepFeatures also return this block's features, as row bands (for a next banded block)
	 */
	Banded inBands(final RowBandedArray x, final NDArray img, final LatentRows ws, final NoiseMode noise, final int bandRows,
		final boolean keepFeatures, final NDManager m)
	{
		if (index == 0 || noise == NoiseMode.RANDOM) throw new IllegalArgumentException("banded only after the first block, with constant or no noise");
		final RowBandedArray features = keepFeatures ? new RowBandedArray() : null;
		final List<NDArray> images = new ArrayList<>();
		for (final RowBands.Band band : RowBands.split(res, bandRows)) {
			try (NDManager bm = m.newSubManager()) {
				final NDArray xw = x.window(band.inFrom, band.inTo, bm);
				final NDArray f = features(xw, ws, noise, null, false, bm, 2 * band.inFrom);
				final NDIndex kept = new NDIndex(":, :, {}:{}", band.from - 2 * band.inFrom, band.to - 2 * band.inFrom);
				if (keepFeatures) { // the window's output, margins included: no copy
					f.attach(m);
					features.add(f, 2 * band.inFrom, band.from, band.to);
				}
				if (hasImage()) {
					final NDArray y = image(f, img == null ? null : img.get(bm, new NDIndex(":, :, {}:{}", band.inFrom, band.inTo)), ws, bm);
					images.add(keep(y.get(kept), m));
				}
			}
		}
		NDArray image = null;
		if (hasImage()) {
			image = NDArrays.concat(new NDList(images), 2);
			for (final NDArray b : images) b.close();
		}
		return new Banded(features, image);
	}

	/** A contiguous copy of {@code rows} in m (the band's manager closes the rest). */
	private static NDArray keep(final NDArray rows, final NDManager m) {
		final NDArray c = rows.duplicate();
		c.attach(m);
		return c;
	}

	/** ws[:, i, :] → [N, wDim], in m. */
	static NDArray w(final NDArray ws, final int i, final NDManager m) {
		return ws.get(m, new NDIndex(":, {}, :", i));
	}
}
