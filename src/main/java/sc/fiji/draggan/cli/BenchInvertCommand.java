package sc.fiji.draggan.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.invert.InputImage;
import sc.fiji.draggan.invert.InversionListener;
import sc.fiji.draggan.invert.InversionParameters;
import sc.fiji.draggan.invert.InversionPhase;
import sc.fiji.draggan.invert.InversionResult;
import sc.fiji.draggan.invert.Inverter;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.NumpyRandom;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * {@code draggan bench invert}: inversion quality and speed on in-domain images (see
 * docs/algorithm.md#inversion). For seeds 0…K−1 the generator's own image (ψ = 1, constant noise) is quantised to
 * 8 bit as a saved file would be, then inverted; one JSON line per seed (PSNR after W, W+ and
 * pivotal tuning, SSIM, seconds, ms per step of each phase) and one line of medians. With
 * {@code --arch} the weights are random (for timing); no model option = the bundled default model.
 */
final class BenchInvertCommand {

	static String usage() {
		return "bench invert [--model MODEL | --arch small64|paper256|ffhq512 [--res R]] [--steps 500] [--pti-steps 100] [--seeds K] " +
			"[--space w|w+] [--device …]";
	}

	int run(final Options o, final PrintStream out) throws Exception {
		final String arch = o.get("arch", null);
		final Path model = arch == null ? o.modelOrDefault() : o.path("model");
		if (arch != null && model != null) throw new UsageException("give --model MODEL or --arch NAME, not both");
		final int res = o.getInt("res", 0);
		if (res != 0 && arch == null) throw new UsageException("--res applies to --arch (random weights) only");
		final InversionParameters p = new InversionParameters();
		p.steps = o.getInt("steps", p.steps);
		p.ptiSteps = o.getInt("pti-steps", 100);
		final int seeds = o.getInt("seeds", 4);
		if (seeds < 1) throw new UsageException("--seeds must be 1 or more, got " + seeds);
		final String space = o.get("space", "w+").trim().toLowerCase(Locale.ROOT);
		if (!space.equals("w") && !space.equals("w+")) throw new UsageException("--space must be w or w+, got '" + space + "'");
		p.wPlus = space.equals("w+");
		final Device device = Djl.device(o.get("device", "auto"));
		o.finish();
		try {
			p.validate();
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		final GeneratorConfig cfg;
		final StateDict weights;
		final String name;
		if (arch != null) {
			final GeneratorConfig c;
			try {
				c = GeneratorConfig.preset(arch).copy();
				if (res > 0) c.imgResolution = res;
				c.validate();
			}
			catch (final IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
			cfg = c;
			weights = RandomWeights.create(cfg, 0);
			name = arch + (res > 0 ? "@" + res : "") + " (random weights)";
		}
		else {
			final Checkpoint c = ModelLoader.load(model);
			cfg = c.generatorConfig();
			weights = c.generator();
			name = model.getFileName().toString();
		}
		final List<List<Double>> columns = new ArrayList<>();
		final String[] keys = { "psnr_w", "psnr_w_plus", "psnr_pti", "ssim", "seconds", "ms_per_w_step", "ms_per_w_plus_step", "ms_per_pti_step" };
		for (int k = 0; k < keys.length; k++) columns.add(new ArrayList<>());
		try (NDManager root = Djl.newManager(device); Generator g = Generator.create(cfg, weights, root, device)) {
			for (int seed = 0; seed < seeds; seed++) {
				final InputImage image = eightBit(generate(g, seed, root));
				final PhaseClock clock = new PhaseClock();
				try (InversionResult r = Inverter.invert(g, image, p, clock)) {
					final double[] v = { phase(r, InversionPhase.W), phase(r, InversionPhase.W_PLUS), phase(r, InversionPhase.PTI), r.ssim, r.seconds,
						clock.msPerStep(InversionPhase.W), clock.msPerStep(InversionPhase.W_PLUS), clock.msPerStep(InversionPhase.PTI) };
					final StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "{\"bench\":\"invert\",\"model\":\"%s\",\"resolution\":%d,\"seed\":%d",
						name, cfg.imgResolution, seed));
					for (int k = 0; k < keys.length; k++) {
						s.append(",\"").append(keys[k]).append("\":").append(num(v[k]));
						if (!Double.isNaN(v[k])) columns.get(k).add(v[k]);
					}
					out.println(s.append('}'));
				}
			}
		}
		final StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
			"{\"bench\":\"invert\",\"model\":\"%s\",\"resolution\":%d,\"device\":\"%s\",\"seeds\":%d,\"steps\":%d,\"pti_steps\":%d,\"space\":\"%s\"",
			name, cfg.imgResolution, device, seeds, p.steps, p.ptiSteps, space));
		for (int k = 0; k < keys.length; k++) {
			final List<Double> c = columns.get(k);
			Collections.sort(c);
			s.append(",\"median_").append(keys[k]).append("\":").append(c.isEmpty() ? "null" : num(BenchCommand.median(c)));
			if (k < 3 && !c.isEmpty()) s.append(",\"min_").append(keys[k]).append("\":").append(num(c.get(0)));
		}
		out.println(s.append('}'));
		return 0;
	}

	/** The generator's image of {@code seed} (numpy z, ψ = 1, constant noise). */
	static GeneratorImage generate(final Generator g, final long seed, final NDManager root) {
		final GeneratorConfig c = g.config();
		final double[] z = NumpyRandom.z(seed, c.zDim);
		final float[] zf = new float[z.length];
		for (int i = 0; i < z.length; i++) zf[i] = (float) z[i];
		try (NDManager m = root.newSubManager()) {
			final NDArray ws = g.mapping(m.create(zf, new Shape(1, c.zDim)), null, 1.0, -1);
			return new GeneratorImage(c.imgChannels, c.imgHeight(), c.imgWidth(), g.synthesis(ws, SynthesisOptions.imageOnly()).image().toFloatArray());
		}
	}

	/** The image as an 8-bit file holds it (the official conversion), as an 8-bit grey or RGB input. */
	static InputImage eightBit(final GeneratorImage img) {
		final byte[] u8 = img.toUint8();
		final int n = img.pixels();
		final float[][] planes = new float[img.channels][n];
		for (int c = 0; c < img.channels; c++) for (int i = 0; i < n; i++) planes[c][i] = u8[c * n + i] & 0xff;
		if (img.channels == 3) return InputImage.rgb(planes[0], planes[1], planes[2], img.width, img.height);
		if (img.channels == 1) return InputImage.grey(planes[0], img.width, img.height, InputImage.GREY8);
		throw new IllegalArgumentException("the benchmark needs a grey or RGB model, this one makes " + img.channels + " channels");
	}

	private static double phase(final InversionResult r, final InversionPhase ph) {
		final Double v = r.phasePsnr.get(ph);
		return v == null ? Double.NaN : v;
	}

	private static String num(final double v) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
	}

	/** Times each phase's steps from the progress calls (step 1 to the last, so set-up is not counted). */
	static final class PhaseClock implements InversionListener {

		private final java.util.EnumMap<InversionPhase, long[]> times = new java.util.EnumMap<>(InversionPhase.class);

		@Override
		public void progress(final InversionPhase phase, final int step, final int steps, final double loss, final double psnr) {
			final long now = System.nanoTime();
			final long[] t = times.computeIfAbsent(phase, k -> new long[] { now, now, 0 });
			t[1] = now;
			t[2] = step;
		}

		double msPerStep(final InversionPhase phase) {
			final long[] t = times.get(phase);
			return t == null || t[2] < 2 ? Double.NaN : (t[1] - t[0]) / 1e6 / (t[2] - 1);
		}
	}
}
