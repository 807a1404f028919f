package sc.fiji.draggan.invert;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Locale;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.StyleGan2Generator;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * Inversion into the non-square StyleGAN-Human fixture generator (64 high, 32 wide): the picture the
 * generator makes from a known latent (the official mapping of seed 1, ψ = 0.7), saved as 8-bit, is
 * inverted back in W, W+ and with pivotal tuning. Few steps (80 + 40 tuning steps, 3 to 15 s
 * depending on the machine's load); floors below what was measured, with a margin for other platforms.
 */
public class HumanInversionFixtureTest {

	private static NDManager root;
	private static StyleGan2Generator human;
	private static GeneratorImage picture;

	@BeforeClass
	public static void setUp() throws Exception {
		if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
		final Path dir = Fixtures.dir("stylegan_human/h64");
		final Checkpoint c = ModelLoader.load(dir.resolve("stylegan_human-64x32.pkl"));
		root = Djl.newManager(Device.cpu());
		human = new StyleGan2Generator(c.generatorConfig(), c.generator(), root, root.getDevice());
		final GeneratorConfig cfg = human.config();
		assertFalse(cfg.square);
		final Npy.Array ws = Fixtures.npy(dir, "ws_psi0.7.npy");
		final int per = cfg.numWs() * cfg.wDim;
		final float[] w = java.util.Arrays.copyOfRange(ws.toFloats(), per, 2 * per); // seed 1
		try (NDManager m = root.newSubManager()) {
			picture = new GeneratorImage(3, 64, 32, human.synthesis(m.create(w, new Shape(1, cfg.numWs(), cfg.wDim)), new SynthesisOptions()).image()
				.toFloatArray());
		}
	}

	@AfterClass
	public static void tearDown() {
		if (human != null) human.close();
		if (root != null) root.close();
	}

	private static InversionParameters params(final int steps, final int pti, final boolean wPlus) {
		final InversionParameters p = new InversionParameters();
		p.steps = steps;
		p.ptiSteps = pti;
		p.wPlus = wPlus;
		p.statsSamples = 200;
		return p;
	}

	@Test
	public void wPlusAndPivotalTuningReconstructTheHumanPicture() {
		final InputImage eightBit = InvertFixtures.asEightBit(picture);
		assertEquals(32, eightBit.width);
		assertEquals(64, eightBit.height);
		try (InversionResult r = Inverter.invert(human, eightBit, params(80, 40, true), null)) {
			final double w = r.phasePsnr.get(InversionPhase.W), wPlus = r.phasePsnr.get(InversionPhase.W_PLUS), pti = r.phasePsnr.get(InversionPhase.PTI);
			final String got = String.format(Locale.ROOT, "W %.2f dB, W+ %.2f dB, PTI %.2f dB, SSIM %.3f, %.1f s", w, wPlus, pti, r.ssim, r.seconds);
			System.out.println("StyleGAN-Human 64x32 inversion (80 steps, 40 tuning steps): " + got);
			// measured on the CPU: W 20.4 dB, W+ 31.5 dB, PTI 35.2 dB, SSIM 0.990
			assertTrue(got, w > 15);
			assertTrue(got, wPlus > w + 5);
			assertTrue(got, pti > wPlus + 1.5);
			assertTrue(got, pti > 30);
			assertTrue(got, r.ssim > 0.95);
			assertEquals(pti, r.psnr, 1e-9);
			// the reconstruction is the model's 64x32 picture, no padding
			assertEquals(32, r.reconstruction.width);
			assertEquals(64, r.reconstruction.height);
			assertNull(r.prepared.mask);
			assertEquals(10 * 32, r.ws.length);
			assertNotNull(r.tuned);
		}
	}

	@Test
	public void wOnlyImprovesOnTheStart() {
		final double[] first = { Double.NaN };
		try (InversionResult r = Inverter.invert(human, InvertFixtures.asEightBit(picture), params(40, 0, false), (phase, step, steps, loss, psnr) -> {
			if (step == 1) first[0] = psnr;
		})) {
			final double w = r.phasePsnr.get(InversionPhase.W);
			assertFalse(r.phasePsnr.containsKey(InversionPhase.W_PLUS));
			assertTrue("W " + w + " dB after 40 steps, " + first[0] + " dB at the first", w > first[0] + 1);
			// W: every row of the latent is the same w
			for (int k = 1; k < 10; k++) for (int i = 0; i < 32; i++) assertEquals(r.ws[i], r.ws[k * 32 + i], 0f);
		}
	}
}
