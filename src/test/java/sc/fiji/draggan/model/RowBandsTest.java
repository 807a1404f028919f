package sc.fiji.draggan.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.engine.Djl;

/**
 * {@link RowBands}, {@link RowBandedArray} and {@link SynthesisBlock#inBands}: a block computed band by band, from a whole
 * input or from the bands of the block before it, gives the image and the features of the whole block, for any band
 * height, architecture, batch size and picture shape.
 */
public class RowBandsTest {

	@Test
	public void bandsCoverEveryRowOnceWithTheirMargins() {
		for (final int res : new int[] { 8, 64, 512 }) {
			for (final int rows : new int[] { 2, 6, 8, 128, 512 }) {
				final List<RowBands.Band> bands = RowBands.split(res, rows);
				int next = 0;
				for (final RowBands.Band b : bands) {
					assertEquals(next, b.from);
					assertTrue(b.to > b.from && b.to - b.from <= rows);
					assertEquals(Math.max(0, b.from / 2 - RowBands.MARGIN), b.inFrom);
					assertEquals(Math.min(res / 2, (b.to + 1) / 2 + RowBands.MARGIN), b.inTo);
					next = b.to;
				}
				assertEquals(res, next);
			}
		}
	}

	@Test
	public void bandRowsKeepOneActivationWithinTheBudget() {
		assertEquals(128, RowBands.rows(1, 64, 512, 512)); // ffhq512's last block: 16 MB bands
		assertEquals(64, RowBands.rows(2, 64, 512, 512));
		assertEquals(512, RowBands.rows(1, 2, 512, 512)); // small activations: one band
		assertEquals(8, RowBands.rows(1, 4096, 4096, 4096)); // never fewer than 8 rows
	}

	@Test
	public void bandedSkipBlocksGiveTheWholeBlocksImage() {
		final GeneratorConfig c = GeneratorPresets.get("small64");
		for (int b = 1; b < 5; b++) compare(c, b, 1, true);
		compare(c, 4, 2, true);
	}

	@Test
	public void bandedResnetBlocksGiveTheWholeBlocks() {
		final GeneratorConfig c = GeneratorPresets.get("small64");
		c.architecture = GeneratorConfig.RESNET;
		compare(c, 3, 1, false); // no image before the last block
		compare(c, 4, 1, false);
	}

	@Test
	public void bandedPortraitBlockGivesTheWholeBlocksImage() {
		final GeneratorConfig c = GeneratorPresets.get("small64");
		c.square = false; // StyleGAN-Human: half as wide as high
		compare(c, 4, 1, true);
	}

	@Test
	public void bandedBlockWithoutNoiseGivesTheWholeBlocksImage() {
		final GeneratorConfig c = GeneratorPresets.get("small64");
		c.useNoise = false;
		compare(c, 4, 1, true);
	}

	/** Block b of a random generator on a random input, whole and in bands of several heights. */
	private static void compare(final GeneratorConfig cfg, final int b, final int batch, final boolean withImage) {
		try (NDManager root = Djl.newManager(Device.cpu());
			StyleGan2Generator g = (StyleGan2Generator) Generator.create(cfg, RandomWeights.create(cfg, 3), root, Device.cpu());
			NDManager m = root.newSubManager())
		{
			final SynthesisBlock block = g.synthesisNetwork().block(b);
			final int res = block.res, inRes = res / 2;
			final int inW = cfg.blockWidth(inRes);
			final long cin = cfg.channels(inRes);
			final Random r = new Random(b);
			final NDArray x = m.create(gaussian(r, batch * cin * inRes * inW), new Shape(batch, cin, inRes, inW));
			final NDArray img = withImage ? m.create(gaussian(r, batch * cfg.imgChannels * inRes * inW), new Shape(batch, cfg.imgChannels, inRes, inW)) : null;
			final NDArray ws = m.create(gaussian(r, batch * cfg.numWs() * cfg.wDim), new Shape(batch, cfg.numWs(), cfg.wDim));
			final LatentRows rows = LatentRows.all(ws);
			final NDArray wholeFeatures = block.features(x, rows, NoiseMode.CONST, null, false, m);
			final float[] whole = withImage || block.hasImage() ? block.image(wholeFeatures, img, rows, m).toFloatArray() : null;
			final float[] wholeF = wholeFeatures.toFloatArray();
			// the input whole, and in three uneven bands (windows straddle them)
			final int cut1 = Math.max(1, inRes / 3), cut2 = Math.max(cut1 + 1, inRes - 2);
			final RowBandedArray split = RowBandedArray.of(java.util.Arrays.asList(x.get(":, :, 0:" + cut1).duplicate(),
				x.get(":, :, " + cut1 + ":" + cut2).duplicate(), x.get(":, :, " + cut2 + ":").duplicate()));
			for (final RowBandedArray in : new RowBandedArray[] { RowBandedArray.whole(x), split }) {
				for (final int bandRows : new int[] { 2, 4, 6, 8, 10, res - 2 }) {
					if (bandRows < 2 || bandRows >= res) continue;
					final SynthesisBlock.Banded out = block.inBands(in, img, rows, NoiseMode.CONST, bandRows, true, m);
					final String what = "block " + b + " (" + res + " px) in bands of " + bandRows + " rows";
					if (whole != null) Fixtures.assertRelativelyClose(what + ", image", whole, out.image.toFloatArray(), 1e-5);
					Fixtures.assertRelativelyClose(what + ", features", wholeF, out.features.joined(m).toFloatArray(), 1e-5);
				}
			}
		}
	}

	private static float[] gaussian(final Random r, final long n) {
		final float[] v = new float[(int) n];
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
		return v;
	}
}
