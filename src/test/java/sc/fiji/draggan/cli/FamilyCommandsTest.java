package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.tensor.TensorData;

/**
 * {@code info}, {@code generate}, {@code convert} and {@code drag} on the TensorFlow-era pickle and the
 * StyleGAN-Human generator, against the official fixtures; the StyleGAN-Human drag in the picture's own
 * pixels (the official trace is in a square frame 16 columns wider on each side).
 */
public class FamilyCommandsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static Path tf() {
		return Fixtures.dir("tf/f32").resolve("stylegan2-tfsynth-config-f-32x32.pkl");
	}

	private static Path human() {
		return Fixtures.dir("stylegan_human/h64").resolve("stylegan_human-64x32.pkl");
	}

	private static JsonObject info(final Path model) throws Exception {
		final DragGanCliTest.Run r = DragGanCliTest.run("info", model.toString());
		assertEquals(r.err, 0, r.status);
		return JsonParser.parseString(r.out).getAsJsonObject();
	}

	@Test
	public void infoNamesFamilyPictureSizeAndWs() throws Exception {
		final JsonObject t = info(tf());
		assertEquals("stylegan2-tf", t.get("family").getAsString());
		assertEquals("32x32", t.get("picture").getAsString());
		assertEquals(8, t.get("num_ws").getAsInt());
		assertEquals(42099, t.get("num_params").getAsLong());
		final JsonObject h = info(human());
		assertEquals("stylegan-human", h.get("family").getAsString());
		assertEquals("64x32", h.get("picture").getAsString());
		assertEquals(64, h.get("img_height").getAsInt());
		assertEquals(32, h.get("img_width").getAsInt());
		assertEquals(10, h.get("num_ws").getAsInt());
		assertEquals(109928, h.get("num_params").getAsLong());
	}

	@Test
	public void generateGivesTheOfficialImages() throws Exception {
		for (final Path model : new Path[] { tf(), human() }) {
			final Npy.Array ref = Npy.read(model.getParent().resolve("img_const_psi1.npy"));
			final int n = (int) (ref.shape[1] * ref.shape[2] * ref.shape[3]);
			for (int seed = 0; seed < 3; seed++) {
				final Path out = tmp.getRoot().toPath().resolve("s" + seed + ".npy");
				final DragGanCliTest.Run r = DragGanCliTest.run("generate", "--model", model.toString(), "--seed", "" + seed, "--psi", "1",
					"--out", out.toString());
				assertEquals(r.err, 0, r.status);
				final Npy.Array mine = Npy.read(out);
				assertEquals(Arrays.toString(new long[] { 1, ref.shape[1], ref.shape[2], ref.shape[3] }), Arrays.toString(mine.shape));
				final double err = Fixtures.maxAbsDiff(Arrays.copyOfRange(ref.toFloats(), seed * n, (seed + 1) * n), mine.toFloats());
				assertTrue(model.getFileName() + " seed " + seed + ": " + err, err <= 1e-4);
			}
		}
	}

	@Test
	public void convertedBundlesLoadBackIdentically() throws Exception {
		for (final Path model : new Path[] { tf(), human() }) {
			final Path bundle = tmp.getRoot().toPath().resolve(model.getFileName() + ".safetensors");
			final DragGanCliTest.Run r = DragGanCliTest.run("convert", model.toString(), bundle.toString());
			assertEquals(r.err, 0, r.status);
			final Checkpoint a = ModelLoader.load(model), b = ModelLoader.load(bundle);
			assertEquals(a.generatorConfig().toJson(), b.generatorConfig().toJson());
			assertSame(a.generator().asMap(), b.generator().asMap());
			assertSame(a.discriminator().asMap(), b.discriminator().asMap());
			assertEquals(String.valueOf(a.discriminatorKwargs()), String.valueOf(b.discriminatorKwargs()));
			assertEquals(info(model).toString(), info(bundle).toString());
		}
	}

	private static void assertSame(final Map<String, TensorData> a, final Map<String, TensorData> b) {
		assertEquals(a.keySet().toString(), b.keySet().toString());
		for (final Map.Entry<String, TensorData> e : a.entrySet()) {
			assertEquals(e.getKey(), Arrays.toString(e.getValue().shape()), Arrays.toString(b.get(e.getKey()).shape()));
			assertTrue(e.getKey(), Arrays.equals(e.getValue().data(), b.get(e.getKey()).data()));
		}
	}

	/**
	 * The start latent of a seed: the official one for the TensorFlow-converted generator; for
	 * StyleGAN-Human the evaluation-mode one, which differs from the official renderer's (training mode
	 * moves w_avg first) by about 2e-3, as documented.
	 */
	@Test
	public void seedsGiveTheStartLatents() throws Exception {
		final Object[][] cases = { { tf(), "tf-lr0.02", 1, false }, { human(), "stylegan_human-lr0.02", 0, true } };
		for (final Object[] c : cases) {
			final Path ws = tmp.getRoot().toPath().resolve(c[1] + ".npy"), img = tmp.getRoot().toPath().resolve(c[1] + "-img.npy");
			final DragGanCliTest.Run r = DragGanCliTest.run("generate", "--model", c[0].toString(), "--seed", c[2].toString(), "--psi", "0.7",
				"--out", img.toString(), "--ws-out", ws.toString());
			assertEquals(r.err, 0, r.status);
			final float[] official = Npy.read(Fixtures.dir("drag/" + c[1]).resolve("w0.npy")).toFloats();
			final double err = Fixtures.maxAbsDiff(official, Npy.read(ws).toFloats());
			if ((Boolean) c[3]) assertTrue("training-mode drift " + err, err > 1e-3 && err < 4e-3);
			else assertTrue("start latent err " + err, err <= 1e-5);
		}
	}

	@Test
	public void humanPicturesAreInvertedAndDraggedFromTheCommandLine() throws Exception {
		// the official 8-bit picture of seed 0 (32 wide, 64 high), then the same picture in a 64x64 canvas
		final Path png = human().getParent().resolve("img_const_psi1_seed0.png");
		final Path out = tmp.getRoot().toPath(), ws = out.resolve("ws.npy"), recon = out.resolve("recon.tif");
		final DragGanCliTest.Run r = DragGanCliTest.run("invert", "--model", human().toString(), "--image", png.toString(), "--out", ws.toString(),
			"--recon", recon.toString(), "--steps", "30", "--device", "cpu");
		assertEquals(r.err, 0, r.status);
		final JsonObject j = JsonParser.parseString(r.out.trim()).getAsJsonObject();
		assertTrue(j.toString(), j.get("psnr").getAsDouble() > 15);
		assertEquals(Arrays.toString(new long[] { 1, 10, 32 }), Arrays.toString(Npy.read(ws).shape));
		final ij.ImagePlus rec = ij.IJ.openImage(recon.toString());
		assertEquals(32, rec.getWidth());
		assertEquals(64, rec.getHeight());
		final ij.ImagePlus wide = ij.IJ.openImage(png.toString());
		final ij.process.ImageProcessor canvas = new ij.process.ColorProcessor(64, 64);
		canvas.setColor(java.awt.Color.WHITE);
		canvas.fill();
		canvas.insert(wide.getProcessor(), 16, 0);
		final Path square = out.resolve("square.png"), stack = out.resolve("drag.tif");
		ImageFiles.save(new ij.ImagePlus("square", canvas), square);
		final DragGanCliTest.Run d = DragGanCliTest.run("drag", "--model", human().toString(), "--image", square.toString(), "--steps", "4",
			"--points", "30,28>36,40", "--max-steps", "1", "--device", "cpu", "--out", stack.toString());
		assertEquals(d.err, 0, d.status);
		// cropped to the portrait: the canvas' columns 16..47, the picture itself; points shift by 16 columns
		assertTrue(d.out, d.out.contains("64x64 -> crop 32x64 at (16, 0) -> 32x64"));
		assertTrue(d.out, d.out.contains("points in model pixels 14.0,28.0>20.0,40.0"));
		assertEquals(32, ij.IJ.openImage(stack.toString()).getWidth());
	}

	@Test
	public void humanDragInPicturePixelsFollowsTheOfficialTrace() throws Exception {
		final Path dir = Fixtures.dir("drag/stylegan_human-lr0.02");
		final Path out = tmp.getRoot().toPath();
		final Path trace = out.resolve("t.json"), wsOut = out.resolve("ws.npy"), stack = out.resolve("drag.tif");
		// official: [row, col] (28, 30) -> (40, 36) in the 64x64 frame; the picture starts at column 16
		final DragGanCliTest.Run r = DragGanCliTest.run("drag", "--model", human().toString(), "--ws", dir.resolve("w0.npy").toString(),
			"--points", "14,28>20,40", "--lr", "0.02", "--r1", "3", "--r2", "12", "--feature-block", "3", "--max-steps", "20",
			"--device", "cpu", "--out", stack.toString(), "--trace", trace.toString(), "--ws-out", wsOut.toString());
		assertEquals(r.err, 0, r.status);
		final int[] points = Npy.read(dir.resolve("points.npy")).toInts();
		final JsonArray steps = JsonParser.parseString(new String(Files.readAllBytes(trace), StandardCharsets.UTF_8)).getAsJsonObject()
			.getAsJsonArray("steps");
		assertEquals(20, steps.size());
		for (int k = 0; k < 20; k++) {
			final JsonArray xy = steps.get(k).getAsJsonObject().getAsJsonArray("points").get(0).getAsJsonArray();
			assertEquals("x at step " + k, points[2 * k + 1] - 16, xy.get(0).getAsInt());
			assertEquals("y at step " + k, points[2 * k], xy.get(1).getAsInt());
		}
		final float[] wsRef = Npy.read(dir.resolve("ws_per_step.npy")).toFloats();
		final float[] ws = Npy.read(wsOut).toFloats();
		final float[] last = Arrays.copyOfRange(wsRef, 20 * ws.length, 21 * ws.length);
		final double err = Fixtures.maxAbsDiff(last, ws);
		assertTrue("final latent err " + err, err <= 1e-4);
		final ij.ImagePlus imp = ij.IJ.openImage(stack.toString());
		assertEquals(32, imp.getWidth());
		assertEquals(64, imp.getHeight());
	}
}
