package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.io.Npy;

/** {@code draggan info} and {@code draggan generate} against the official fixtures. */
public class GenerateCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static String pkl(final Path dir) {
		return dir.resolve("stylegan2-" + dir.getFileName() + (dir.getFileName().toString().equals("tiny") ? "-32x32.pkl" : "-64x64.pkl")).toString();
	}

	/**
	 * No --model (or an empty one): the bundled model; a TIFF carries its latent and Info as Drag GAN
	 * Generate... writes them, so Fiji drags it without inversion (needs no fixtures).
	 */
	@Test
	public void generateWithoutModelUsesTheBundledOneAndAttachesTheLatent() throws Exception {
		final Path out = tmp.getRoot().toPath().resolve("seed3.tif");
		final DragGanCliTest.Run r = DragGanCliTest.run("generate", "--model", "", "--seed", "3", "--out", out.toString());
		assertEquals(r.err, 0, r.status);
		final ImagePlus imp = IJ.openImage(out.toString());
		final sc.fiji.draggan.ij.Latent l = sc.fiji.draggan.ij.Latent.of(imp);
		assertTrue("latent attached", l != null);
		assertEquals(sc.fiji.draggan.app.DefaultModel.path().getFileName().toString().replaceAll("^.*-([0-9a-f]{12})\\.safetensors$", "$1"),
			l.modelSha256.substring(0, 12));
		final String info = String.valueOf(imp.getProperty("Info"));
		assertTrue(info, info.contains(sc.fiji.draggan.ij.ResultInfo.GENERATED) && info.contains("seed: 3"));
	}

	@Test
	public void infoReportsTheCheckpointConfiguration() throws Exception {
		for (final String name : new String[] { "tiny", "small", "gray" }) {
			final Path dir = Fixtures.dir("stylegan2/" + name);
			final DragGanCliTest.Run r = DragGanCliTest.run("info", pkl(dir));
			assertEquals(r.err, 0, r.status);
			final JsonObject info = JsonParser.parseString(r.out).getAsJsonObject();
			final JsonObject fixture = JsonParser.parseString(new String(java.nio.file.Files.readAllBytes(dir.resolve("fixture.json")), "UTF-8")).getAsJsonObject();
			final JsonObject kw = fixture.getAsJsonObject("pkl").getAsJsonObject("G_ema_init_kwargs");
			assertEquals(kw.get("z_dim").getAsInt(), info.get("z_dim").getAsInt());
			assertEquals(kw.get("img_resolution").getAsInt(), info.get("img_resolution").getAsInt());
			assertEquals(kw.get("img_channels").getAsInt(), info.get("img_channels").getAsInt());
			assertEquals(kw.getAsJsonObject("mapping_kwargs").get("num_layers").getAsInt(), info.get("mapping_layers").getAsInt());
			assertEquals(fixture.getAsJsonObject("architecture").get("num_ws").getAsInt(), info.get("num_ws").getAsInt());
			assertEquals(fixture.getAsJsonObject("pkl").get("G_ema_num_params").getAsLong(), info.get("num_params").getAsLong());
			if (name.equals("tiny")) assertTrue(info.get("conv_clamp").isJsonNull());
			else assertEquals(256, info.get("conv_clamp").getAsInt()); // gray: absent from init_kwargs => constructor default 256
		}
	}

	@Test
	public void seedsGiveTheOfficialImages() throws Exception {
		final Path dir = Fixtures.dir("stylegan2/small");
		final Npy.Array ref = Npy.read(dir.resolve("img_const_psi0.7.npy"));
		final int n = (int) (ref.shape[1] * ref.shape[2] * ref.shape[3]);
		for (int seed = 0; seed < 3; seed++) {
			final Path out = tmp.getRoot().toPath().resolve("s" + seed + ".npy");
			final DragGanCliTest.Run r = DragGanCliTest.run("generate", "--model", pkl(dir), "--seed", "" + seed, "--psi", "0.7", "--out", out.toString());
			assertEquals(r.err, 0, r.status);
			final float[] mine = Npy.read(out).toFloats();
			final float[] theirs = java.util.Arrays.copyOfRange(ref.toFloats(), seed * n, (seed + 1) * n);
			assertEquals("seed " + seed, 0, Fixtures.maxAbsDiff(mine, theirs), 1e-4);
		}
	}

	@Test
	public void pngMatchesTheOfficialEightBitConversion() throws Exception {
		final Path dir = Fixtures.dir("stylegan2/gray");
		final Path out = tmp.getRoot().toPath().resolve("g.png");
		assertEquals(0, DragGanCliTest.run("generate", "--model", pkl(dir), "--seed", "1", "--out", out.toString()).status);
		final ImagePlus mine = IJ.openImage(out.toString()), theirs = IJ.openImage(dir.resolve("img_const_psi1_seed1.png").toString());
		assertEquals(theirs.getWidth(), mine.getWidth());
		int maxDiff = 0;
		for (int y = 0; y < mine.getHeight(); y++)
			for (int x = 0; x < mine.getWidth(); x++)
				maxDiff = Math.max(maxDiff, Math.abs(mine.getProcessor().get(x, y) - theirs.getProcessor().get(x, y)));
		assertTrue("8-bit images differ by " + maxDiff, maxDiff <= 1); // truncation at float noise level can flip one step
	}

	@Test
	public void wsRoundTripAndWrongShape() throws Exception {
		final Path dir = Fixtures.dir("stylegan2/tiny");
		final Path ws = tmp.getRoot().toPath().resolve("ws.npy"), a = tmp.getRoot().toPath().resolve("a.npy"), b = tmp.getRoot().toPath().resolve("b.npy");
		assertEquals(0, DragGanCliTest.run("generate", "--model", pkl(dir), "--seed", "2", "--out", a.toString(), "--ws-out", ws.toString()).status);
		assertEquals(0, DragGanCliTest.run("generate", "--model", pkl(dir), "--ws", ws.toString(), "--out", b.toString()).status);
		assertEquals(0, Fixtures.maxAbsDiff(Npy.read(a).toFloats(), Npy.read(b).toFloats()), 0);
		final Path bad = tmp.getRoot().toPath().resolve("bad.npy");
		Npy.writeFloat32(bad, new long[] { 3, 64 }, new float[3 * 64]);
		final DragGanCliTest.Run r = DragGanCliTest.run("generate", "--model", pkl(dir), "--ws", bad.toString(), "--out", b.toString());
		assertEquals(1, r.status);
		assertTrue(r.err, r.err.contains("ws has shape [3, 64]"));
	}

	@Test
	public void missingModelIsOneClearLine() throws Exception {
		final DragGanCliTest.Run r = DragGanCliTest.run("generate", "--model", "/no/such/model.pkl", "--seed", "0", "--out", "x.png");
		assertEquals(1, r.status);
		assertTrue(r.err, r.err.contains("not found"));
		assertEquals(1, r.err.trim().split("\n").length);
	}
}
