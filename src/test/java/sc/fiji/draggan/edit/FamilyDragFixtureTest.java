package sc.fiji.draggan.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.StyleGan2Generator;

/**
 * The official drag traces of the other checkpoint families: {@code drag/tf-lr0.02} (the TensorFlow-era
 * pickle, converted on load) and {@code drag/stylegan_human-lr0.02} (the 64×32 StyleGAN-Human generator,
 * which the official loop runs in a 64×64 frame with the picture in columns 16…47). Settings come from
 * each trace.json. Points are given and checked in the picture's own pixels; the official ones, in the
 * frame, are shifted by the padding. Images are compared on the picture (the frame's middle columns).
 */
@RunWith(Parameterized.class)
public class FamilyDragFixtureTest {

	@Parameters(name = "{0}")
	public static Collection<Object[]> cases() {
		return Arrays.asList(new Object[][] { { "tf-lr0.02", "tf/f32/stylegan2-tfsynth-config-f-32x32.pkl" },
			{ "stylegan_human-lr0.02", "stylegan_human/h64/stylegan_human-64x32.pkl" } });
	}

	private static NDManager root;

	@BeforeClass
	public static void engine() {
		System.setProperty("ai.djl.offline", "true");
		root = NDManager.newBaseManager(Device.cpu());
	}

	@AfterClass
	public static void close() {
		if (root != null) root.close();
	}

	private final String trace, model;

	public FamilyDragFixtureTest(final String trace, final String model) {
		this.trace = trace;
		this.model = model;
	}

	private static int[] rowCol(final JsonArray list) {
		final JsonArray p = list.get(0).getAsJsonArray();
		return new int[] { p.get(0).getAsInt(), p.get(1).getAsInt() };
	}

	@Test
	public void reproducesTheOfficialTrace() throws Exception {
		final Path dir = Fixtures.dir("drag/" + trace);
		final Path pkl = Fixtures.root().resolve(model);
		final JsonObject params = JsonParser.parseString(new String(Files.readAllBytes(dir.resolve("trace.json")), StandardCharsets.UTF_8))
			.getAsJsonObject().getAsJsonObject("params");
		final Checkpoint cp = ModelLoader.load(pkl);
		final GeneratorConfig cfg = cp.generatorConfig();
		final int h = cfg.imgHeight(), w = cfg.imgWidth(), pad = (h - w) / 2, numWs = cfg.numWs(), wDim = cfg.wDim;
		final DragParameters p = new DragParameters();
		p.learningRate = params.get("lr").getAsDouble();
		p.lambdaMask = params.get("lambda_mask").getAsDouble();
		p.r1 = params.get("r1_px").getAsInt();
		p.r2 = params.get("r2_px").getAsInt();
		p.featureBlock = params.get("feature_idx").getAsInt();
		final int steps = params.get("steps").getAsInt();
		final int[] start = rowCol(params.getAsJsonArray("points_initial")), target = rowCol(params.getAsJsonArray("targets"));

		final float[] w0 = Npy.read(dir.resolve("w0.npy")).toFloats();
		final int[] points = Npy.read(dir.resolve("points.npy")).toInts(); // [steps, 1, 2] row, col in the frame
		final float[] losses = Npy.read(dir.resolve("losses.npy")).toFloats();
		final float[] wsPerStep = Npy.read(dir.resolve("ws_per_step.npy")).toFloats();
		final double[] u8 = Npy.read(dir.resolve("images_uint8_per_step.npy")).values; // [steps, h, h, 3] frame
		final float[] imgFinal = Npy.read(dir.resolve("img_final.npy")).toFloats(); // [1, 3, h, h] frame
		final float[] featRef = Npy.read(dir.resolve("feat_ref.npy")).toFloats();
		final int wsLen = numWs * wDim, n = h * w;
		double maxLossRel = 0, maxWs = 0;
		int maxU8 = 0;
		try (StyleGan2Generator g = new StyleGan2Generator(cfg, cp.generator(), root, Device.cpu());
			DragSession s = new DragSession(g, w0, p))
		{
			s.setPoints(Collections.singletonList(new PointPair(start[1] - pad, start[0], target[1] - pad, target[0])));
			for (int k = 0; k < steps; k++) {
				final StepResult r = s.step(true);
				if (k == 0) assertArrayEquals("reference feature", featRef, s.referenceFeature(0), 1e-4f);
				assertEquals(trace + " row at step " + k, points[2 * k], r.points.get(0)[1], 0);
				assertEquals(trace + " col at step " + k, points[2 * k + 1] - pad, r.points.get(0)[0], 0);
				final double[] got = { r.lossMotion, r.lossMask, r.lossTotal };
				for (int t = 0; t < 3; t++) {
					final double ref = losses[3 * k + t];
					if (ref == 0) assertEquals(0, got[t], 1e-7);
					else maxLossRel = Math.max(maxLossRel, Math.abs(got[t] - ref) / Math.abs(ref));
				}
				final float[] ws = s.ws();
				for (int i = 0; i < wsLen; i++) maxWs = Math.max(maxWs, Math.abs(ws[i] - wsPerStep[(k + 1) * wsLen + i]));
				assertEquals(w, r.image.width);
				assertEquals(h, r.image.height);
				final byte[] mine = r.image.toUint8();
				for (int c = 0; c < 3; c++)
					for (int y = 0; y < h; y++)
						for (int x = 0; x < w; x++) {
							final int ref = (int) u8[((k * h + y) * h + x + pad) * 3 + c];
							maxU8 = Math.max(maxU8, Math.abs((mine[c * n + y * w + x] & 0xff) - ref));
						}
			}
			final GeneratorImage fin = s.render();
			double finErr = 0;
			for (int c = 0; c < 3; c++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						finErr = Math.max(finErr, Math.abs(fin.data[c * n + y * w + x] - imgFinal[(c * h + y) * h + x + pad]));
			System.out.println(String.format(Locale.ROOT, "drag/%s: points equal at all %d steps; max loss rel err %.2e; " +
				"max ws err %.2e; uint8 max diff %d; final image max err %.2e", trace, steps, maxLossRel, maxWs, maxU8, finErr));
			assertTrue("loss rel err " + maxLossRel, maxLossRel < 1e-3);
			assertTrue("ws err " + maxWs, maxWs <= 1e-4);
			assertTrue("uint8 diff " + maxU8, maxU8 <= 1);
			assertTrue("final image err " + finErr, finErr < 1e-4);
		}
	}
}
