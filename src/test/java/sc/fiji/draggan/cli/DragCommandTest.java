package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.io.Npy;

/** {@code draggan drag} end to end on the 32 px fixture checkpoint: files written, errors reported. */
public class DragCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static Path pkl;

	@BeforeClass
	public static void fixtures() {
		System.setProperty("ai.djl.offline", "true");
		pkl = Fixtures.dir("stylegan2/tiny").resolve("stylegan2-tiny-32x32.pkl");
	}

	private Path wsFile() throws Exception {
		final Random r = new Random(3);
		final float[] w = new float[64];
		for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
		final Path f = tmp.getRoot().toPath().resolve("w.npy");
		Npy.writeFloat32(f, new long[] { 1, 64 }, w); // one w, repeated on all 8 layers
		return f;
	}

	private static String run(final String... args) throws Exception {
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		final PrintStream out = new PrintStream(b, true, "UTF-8");
		assertEquals(0, new DragCommand().run(Options.parse(args), out));
		return new String(b.toByteArray(), StandardCharsets.UTF_8);
	}

	@Test
	public void writesStackGifTraceAndLatent() throws Exception {
		final Path dir = tmp.getRoot().toPath();
		final Path stack = dir.resolve("drag.tif"), gif = dir.resolve("drag.gif"), trace = dir.resolve("t.json"),
			wsOut = dir.resolve("ws_out.npy");
		final String log = run("--model", pkl.toString(), "--ws", wsFile().toString(), "--points", "10,12>16,12",
			"--lr", "0.01", "--max-steps", "3", "--every", "2", "--device", "cpu", "--out", stack.toString(), "--gif",
			gif.toString(), "--trace", trace.toString(), "--ws-out", wsOut.toString());
		assertTrue(log, log.contains("step 2:"));
		final ImagePlus imp = IJ.openImage(stack.toString());
		assertEquals(3, imp.getStackSize()); // steps 0 and 2, then the final image (after 3 updates)
		assertEquals(ImagePlus.COLOR_RGB, imp.getType());
		assertEquals(32, imp.getWidth());
		assertEquals("step 0", imp.getStack().getSliceLabel(1));
		assertEquals("step 2", imp.getStack().getSliceLabel(2));
		assertEquals("step 3", imp.getStack().getSliceLabel(3));
		assertTrue(Files.size(gif) > 0);
		final JsonObject t = JsonParser.parseString(new String(Files.readAllBytes(trace), StandardCharsets.UTF_8)).getAsJsonObject();
		final JsonArray steps = t.getAsJsonArray("steps");
		assertEquals(3, steps.size());
		final JsonObject s0 = steps.get(0).getAsJsonObject();
		assertEquals(0, s0.get("step").getAsInt());
		assertEquals(10, s0.getAsJsonArray("points").get(0).getAsJsonArray().get(0).getAsInt());
		assertEquals(12, s0.getAsJsonArray("points").get(0).getAsJsonArray().get(1).getAsInt());
		assertTrue(s0.get("loss_motion").getAsDouble() > 0);
		assertEquals(s0.get("loss_motion").getAsDouble() + 20 * s0.get("loss_mask").getAsDouble(),
			s0.get("loss_total").getAsDouble(), 1e-9);
		assertTrue(s0.has("stop") && s0.has("ms"));
		assertTrue(t.has("converged"));
		assertTrue(t.has("content_distance_px") && t.has("content_lags"));
		final Npy.Array ws = Npy.read(wsOut);
		assertEquals(3, ws.shape.length);
		assertEquals(8, ws.shape[1]);
		assertEquals(64, ws.shape[2]);
	}

	@Test
	public void startsFromASeed() throws Exception {
		final Path stack = tmp.getRoot().toPath().resolve("seed.tif");
		final String log = run("--model", pkl.toString(), "--seed", "1", "--psi", "0.5", "--points", "10,12>16,12",
			"--max-steps", "1", "--space", "w", "--device", "cpu", "--out", stack.toString());
		assertTrue(log, log.contains("step 0:"));
		assertEquals(2, IJ.openImage(stack.toString()).getStackSize()); // step 0 and the final image
	}

	/** The closing JSON line of a drag log. */
	private static JsonObject summary(final String log) {
		final String[] lines = log.trim().split("\n");
		return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
	}

	@Test
	public void withoutStepsTheContentStaysAtTheHandle() throws Exception {
		// no update: the handle's patch is found where it was, so both distances are the handle-target distance
		final String log = run("--model", pkl.toString(), "--ws", wsFile().toString(), "--points", "10,12>16,12", "--max-steps", "0",
			"--device", "cpu", "--out", tmp.getRoot().toPath().resolve("still.tif").toString());
		final JsonObject j = summary(log);
		assertEquals(log, 6.0, j.get("final_distance_px").getAsDouble(), 1e-9);
		assertEquals(log, 6.0, j.get("content_distance_px").getAsDouble(), 0.5);
		assertTrue(log, !j.has("inversion_psnr_db"));
	}

	@Test
	public void dragsARealImageAfterInvertingIt() throws Exception {
		// a 40x32 RGB picture: the centred 32x32 crop is what the 32 px model sees, so x shifts by 4
		final ij.process.ColorProcessor cp = new ij.process.ColorProcessor(40, 32);
		for (int y = 0; y < 32; y++)
			for (int x = 0; x < 40; x++) cp.set(x, y, ((x * 6) & 0xff) << 16 | ((y * 8) & 0xff) << 8 | ((x + y) * 3 & 0xff));
		final Path png = tmp.getRoot().toPath().resolve("photo.png");
		ImageFiles.save(new ImagePlus("photo", cp), png);
		final Path stack = tmp.getRoot().toPath().resolve("real.tif");
		final String log = run("--model", pkl.toString(), "--image", png.toString(), "--steps", "10", "--pti-steps", "3", "--seed", "2",
			"--points", "14,12>20,12", "--max-steps", "2", "--device", "cpu", "--out", stack.toString());
		assertTrue(log, log.contains("inverting the picture (40x32 -> crop 32x32 at (4, 0) -> 32x32") && log.contains(
			"points in model pixels 10.0,12.0>16.0,12.0"));
		assertTrue(log, log.contains("start: inverted from photo.png (40x32 -> crop 32x32 at (4, 0) -> 32x32; 10 steps, w+; PSNR ") && log.contains(
			"dragging with the tuned generator"));
		final JsonObject j = summary(log);
		final double psnr = j.get("inversion_psnr_db").getAsDouble();
		assertTrue(log, psnr > 5 && psnr < 60 && j.get("tuned").getAsBoolean());
		assertTrue(log, j.get("content_distance_px").getAsDouble() >= 0 && j.get("final_distance_px").getAsDouble() >= 0);
		assertEquals(32, IJ.openImage(stack.toString()).getWidth());
		expect("does not go with --image", "--model", pkl.toString(), "--image", png.toString(), "--ws", wsFile().toString(), "--points",
			"14,12>20,12", "--out", stack.toString());
		expect("after fitting the image to the model", "--model", pkl.toString(), "--image", png.toString(), "--points", "1,12>20,12", "--out",
			stack.toString());
	}

	@Test
	public void badInputIsAUsageError() throws Exception {
		final String ws = wsFile().toString(), out = tmp.getRoot().toPath().resolve("x.tif").toString();
		expect("exactly one of", "--model", pkl.toString(), "--points", "1,1>5,5", "--out", out);
		expect("x,y>tx,ty", "--model", pkl.toString(), "--ws", ws, "--points", "1,1", "--out", out);
		expect("outside the 32x32 image", "--model", pkl.toString(), "--ws", ws, "--points", "1,1>40,5", "--out", out);
		final Path mask = tmp.getRoot().toPath().resolve("m.npy");
		Npy.writeFloat32(mask, new long[] { 16, 16 }, new float[256]);
		expect("must be 32x32", "--model", pkl.toString(), "--ws", ws, "--points", "1,1>5,5", "--mask", mask.toString(),
			"--out", out);
		final Path badWs = tmp.getRoot().toPath().resolve("bad_ws.npy");
		Npy.writeFloat32(badWs, new long[] { 1, 3, 64 }, new float[3 * 64]);
		expect("this model needs", "--model", pkl.toString(), "--ws", badWs.toString(), "--points", "1,1>5,5", "--out", out);
		expect("--space", "--model", pkl.toString(), "--ws", ws, "--points", "1,1>5,5", "--space", "z", "--out", out);
		expect("feature block", "--model", pkl.toString(), "--ws", ws, "--points", "1,1>5,5", "--feature-block", "7",
			"--out", out);
	}

	private static void expect(final String fragment, final String... args) throws Exception {
		try {
			new DragCommand().run(Options.parse(args), new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
			fail("accepted bad input, expected: " + fragment);
		}
		catch (final UsageException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(fragment));
		}
	}
}
