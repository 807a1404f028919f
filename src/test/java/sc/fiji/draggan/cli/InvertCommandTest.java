package sc.fiji.draggan.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ij.ImagePlus;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.NumpyRandom;
import sc.fiji.draggan.model.StyleGan2Generator;
import sc.fiji.draggan.model.SynthesisOptions;

public class InvertCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@BeforeClass
	public static void oneThread() {
		if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
	}

	private static String run(final String... args) throws Exception {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final PrintStream out = new PrintStream(bytes, true, "UTF-8");
		assertEquals(0, new InvertCommand().run(Options.parse(args), out));
		return bytes.toString("UTF-8");
	}

	private static Path pkl() {
		return Fixtures.dir("stylegan2/tiny").resolve("stylegan2-tiny-32x32.pkl");
	}

	/** The tiny model's image of seed 2 as an 8-bit PNG. */
	private Path seedImage() throws Exception {
		final Checkpoint c = ModelLoader.load(pkl());
		try (NDManager root = Djl.newManager(Device.cpu());
			StyleGan2Generator g = new StyleGan2Generator(c.generatorConfig(), c.generator(), root, Device.cpu()))
		{
			final double[] z = NumpyRandom.z(2, 64);
			final float[] zf = new float[64];
			for (int i = 0; i < 64; i++) zf[i] = (float) z[i];
			final float[] img = g.synthesis(g.mapping(root.create(zf, new Shape(1, 64)), null, 1, -1), new SynthesisOptions()).image().toFloatArray();
			final Path file = tmp.getRoot().toPath().resolve("seed2.png");
			ImageFiles.write(new GeneratorImage(3, 32, 32, img), file);
			return file;
		}
	}

	@Test
	public void writesLatentReconstructionAndTunedModel() throws Exception {
		final Path dir = tmp.getRoot().toPath();
		final Path image = seedImage(), ws = dir.resolve("ws.npy"), recon = dir.resolve("recon.tif"), tuned = dir.resolve("tuned.safetensors");
		final String out = run("--model", pkl().toString(), "--image", image.toString(), "--out", ws.toString(), "--recon", recon.toString(), "--steps",
			"30", "--pti-steps", "5", "--tuned-out", tuned.toString(), "--seed", "3", "--device", "cpu");
		final String[] lines = out.trim().split("\n");
		assertEquals(out, 1, lines.length);
		assertTrue(lines[0], lines[0].startsWith("{\"psnr\":") && lines[0].contains("\"ssim\":") && lines[0].contains("\"seconds\":") &&
			lines[0].contains("\"psnr_pti\":") && lines[0].contains("\"tuned\":true"));
		final Npy.Array a = Npy.read(ws);
		assertArrayEquals(new long[] { 1, 8, 64 }, a.shape);
		assertEquals("<f4", a.descr);
		final ImagePlus r = ImageFiles.open(recon);
		assertEquals(32, r.getWidth());
		assertEquals(24, r.getBitDepth());
		final Checkpoint original = ModelLoader.load(pkl()), t = ModelLoader.load(tuned);
		assertEquals(original.generatorConfig().toJson(), t.generatorConfig().toJson());
		final String name = "synthesis.b32.conv1.weight";
		assertFalse("the tuned weights differ", Arrays.equals(original.generator().get(name).data(), t.generator().get(name).data()));
		assertArrayEquals("the mapping is not tuned", original.generator().get("mapping.fc0.weight").data(), t.generator().get("mapping.fc0.weight").data(),
			0f);
	}

	@Test
	public void badArgumentsAreUsageErrors() throws Exception {
		final String m = pkl().toString();
		for (final String[] args : new String[][] { {}, { "--model", m, "--image", "x.png" }, { "--model", m, "--image", "x.png", "--out", "w.txt" },
			{ "--model", m, "--image", "x.png", "--out", "w.npy", "--space", "z" },
			{ "--model", m, "--image", "x.png", "--out", "w.npy", "--tuned-out", "g.safetensors" },
			{ "--model", m, "--image", "x.png", "--out", "w.npy", "--steps", "-3" },
			{ "--model", m, "--image", "x.png", "--out", "w.npy", "--fit", "stretch" },
			{ "--model", m, "--image", "x.png", "--out", "w.npy", "--colour", "red" } })
		{
			try {
				run(args);
				fail("accepted " + Arrays.toString(args));
			}
			catch (final UsageException e) {
				assertTrue(e.getMessage(), !e.getMessage().isEmpty());
			}
		}
	}

	@Test
	public void missingImageIsAClearError() throws Exception {
		try {
			run("--model", pkl().toString(), "--image", tmp.getRoot().toPath().resolve("none.png").toString(), "--out",
				tmp.getRoot().toPath().resolve("w.npy").toString());
			fail();
		}
		catch (final java.io.IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("image not found"));
		}
	}
}
