package sc.fiji.draggan.cli;

import static org.junit.Assert.assertArrayEquals;
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

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.tensor.TensorData;

/** {@code draggan info}, {@code generate} and {@code convert} on the official StyleGAN3-T fixture pickle. */
public class StyleGan3CliTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static Path dir() {
		return Fixtures.dir("stylegan3/t32");
	}

	private static Path pkl() {
		return dir().resolve("stylegan3-t-32x32.pkl");
	}

	@Test
	public void infoNamesTheFamily() throws Exception {
		final DragGanCliTest.Run r = DragGanCliTest.run("info", pkl().toString());
		assertEquals(r.err, 0, r.status);
		final JsonObject info = JsonParser.parseString(r.out).getAsJsonObject();
		final JsonObject fixture = JsonParser.parseString(new String(Files.readAllBytes(dir().resolve("fixture.json")),
			StandardCharsets.UTF_8)).getAsJsonObject();
		assertEquals("stylegan3-t", info.get("family").getAsString());
		assertEquals(16, info.get("num_ws").getAsInt());
		assertEquals(2, info.get("mapping_layers").getAsInt());
		assertEquals(14, info.get("num_layers").getAsInt());
		assertEquals(3, info.get("conv_kernel").getAsInt());
		assertEquals(false, info.get("use_radial_filters").getAsBoolean());
		assertEquals(256, info.get("conv_clamp").getAsInt());
		assertEquals(fixture.getAsJsonObject("pkl").get("G_ema_num_params").getAsLong(), info.get("num_params").getAsLong());
	}

	@Test
	public void seedsGiveTheOfficialImages() throws Exception {
		final Npy.Array ref = Npy.read(dir().resolve("img_const_psi0.7.npy"));
		final int n = (int) (ref.shape[1] * ref.shape[2] * ref.shape[3]);
		for (int seed = 0; seed < 3; seed++) {
			final Path out = tmp.getRoot().toPath().resolve("s" + seed + ".npy");
			final DragGanCliTest.Run r = DragGanCliTest.run("generate", "--model", pkl().toString(), "--seed", "" + seed, "--psi", "0.7",
				"--out", out.toString());
			assertEquals(r.err, 0, r.status);
			final float[] theirs = Arrays.copyOfRange(ref.toFloats(), seed * n, (seed + 1) * n);
			final double d = Fixtures.maxAbsDiff(theirs, Npy.read(out).toFloats());
			assertTrue("seed " + seed + ": " + d, d <= 1e-4);
		}
	}

	@Test
	public void convertRoundTripKeepsFamilyAndTensors() throws Exception {
		final Path a = tmp.getRoot().toPath().resolve("a.safetensors"), b = tmp.getRoot().toPath().resolve("b.safetensors");
		assertEquals(0, DragGanCliTest.run("convert", pkl().toString(), a.toString()).status);
		final Checkpoint fromPkl = ModelLoader.load(pkl()), fromBundle = ModelLoader.load(a);
		assertEquals(fromPkl.generatorConfig().toJson(), fromBundle.generatorConfig().toJson());
		assertEquals("stylegan3-t", fromBundle.generatorConfig().family);
		assertEquals(fromPkl.generator().asMap().keySet().toString(), fromBundle.generator().asMap().keySet().toString());
		for (final Map.Entry<String, TensorData> e : fromPkl.generator().asMap().entrySet())
			assertArrayEquals(e.getKey(), e.getValue().data(), fromBundle.generator().get(e.getKey()).data(), 0f);
		final String header = new String(Files.readAllBytes(a), 8, 4000, StandardCharsets.UTF_8);
		assertTrue(header, header.contains("\"family\":\"stylegan3-t\""));
		assertEquals(0, DragGanCliTest.run("convert", a.toString(), b.toString()).status);
		assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
		// the bundle generates the same image as the pickle
		final Path img = tmp.getRoot().toPath().resolve("img.npy");
		assertEquals(0, DragGanCliTest.run("generate", "--model", a.toString(), "--seed", "1", "--psi", "0.7", "--out", img.toString()).status);
		final Npy.Array ref = Npy.read(dir().resolve("img_const_psi0.7.npy"));
		final int n = (int) (ref.shape[1] * ref.shape[2] * ref.shape[3]);
		assertTrue(Fixtures.maxAbsDiff(Arrays.copyOfRange(ref.toFloats(), n, 2 * n), Npy.read(img).toFloats()) <= 1e-4);
	}

	/** Inversion (projection, then pivotal tuning of the StyleGAN3 weights) and a drag on the result. */
	@Test
	public void invertsAndDragsARealImage() throws Exception {
		final ij.process.ColorProcessor cp = new ij.process.ColorProcessor(32, 32);
		for (int y = 0; y < 32; y++)
			for (int x = 0; x < 32; x++) cp.set(x, y, ((x * 6) & 0xff) << 16 | ((y * 8) & 0xff) << 8 | ((x + y) * 3 & 0xff));
		final Path png = tmp.getRoot().toPath().resolve("photo.png");
		ImageFiles.save(new ij.ImagePlus("photo", cp), png);
		final Path stack = tmp.getRoot().toPath().resolve("real.tif");
		final DragGanCliTest.Run r = DragGanCliTest.run("drag", "--model", pkl().toString(), "--image", png.toString(), "--steps", "5",
			"--pti-steps", "2", "--seed", "2", "--points", "12,13>22,21", "--max-steps", "2", "--device", "cpu", "--out", stack.toString());
		assertEquals(r.err, 0, r.status);
		assertTrue(r.out, r.out.contains("dragging with the tuned generator") && r.out.contains("\"tuned\": true") &&
			r.out.contains("\"inversion_psnr_db\""));
		assertTrue(Files.size(stack) > 0);
	}
}
