package sc.fiji.draggan.model;

import java.util.Arrays;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.engine.ResidentMemory;

/**
 * Times the generator with random weights: {@code ModelBench [preset ...] [--runs N] [--grad]}.
 * Reports the median of N forwards after one warm-up (batch 1, const noise, full image), the
 * DragGAN trunk (features up to b128, forward + backward to ws) with --grad, and resident memory.
 */
public final class ModelBench {

	public static void main(final String[] args) {
		int runs = 5;
		boolean grad = false;
		final java.util.List<String> presets = new java.util.ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if ("--runs".equals(args[i])) runs = Integer.parseInt(args[++i]);
			else if ("--grad".equals(args[i])) grad = true;
			else presets.add(args[i]);
		}
		if (presets.isEmpty()) presets.addAll(Arrays.asList("small64", "paper256", "ffhq512"));
		Djl.engine();
		for (final String p : presets) bench(p, runs, grad);
	}

	static void bench(final String preset, final int runs, final boolean grad) {
		final GeneratorConfig cfg = GeneratorPresets.get(preset);
		try (NDManager root = Djl.newManager(Device.cpu());
			StyleGan2Generator g = new StyleGan2Generator(cfg, RandomWeights.create(cfg, 1), root, Device.cpu()))
		{
			final double[] t = new double[runs];
			for (int i = -1; i < runs; i++) {
				try (NDManager m = root.newSubManager()) {
					final long t0 = System.nanoTime();
					final NDArray ws = g.mapping(m.randomNormal(new Shape(1, cfg.zDim)), null, 0.7, -1);
					final NDArray img = g.synthesis(ws, new SynthesisOptions()).image();
					img.toFloatArray(); // wait for the result
					if (i >= 0) t[i] = (System.nanoTime() - t0) / 1e9;
				}
			}
			Arrays.sort(t);
			System.out.println(String.format(Locale.ROOT, "%-9s %4d px  %.2f M params  forward median %.3f s (min %.3f, max %.3f, %d runs)  RSS %s",
				preset, cfg.imgResolution, g.numParameters() / 1e6, t[runs / 2], t[0], t[runs - 1], runs, ResidentMemory.mb(ResidentMemory.current())));
			if (grad) trunk(g, root, runs);
		}
	}

	/** DragGAN step cost: forward to b128 (block 5) + backward of a feature loss to ws. */
	static void trunk(final StyleGan2Generator g, final NDManager root, final int runs) {
		final GeneratorConfig cfg = g.config();
		final int lastBlock = Math.min(5, g.numBlocks() - 1);
		final double[] t = new double[runs];
		for (int i = -1; i < runs; i++) {
			try (NDManager m = root.newSubManager()) {
				final NDArray ws = g.mapping(m.randomNormal(new Shape(1, cfg.zDim)), null, 0.7, -1);
				ws.setRequiresGradient(true);
				final long t0 = System.nanoTime();
				try (GradientCollector gc = Djl.engine().newGradientCollector()) {
					final Synthesis s = g.synthesis(ws, new SynthesisOptions().lastBlock(lastBlock).image(false));
					final NDArray loss = s.features().get(lastBlock).abs().mean();
					gc.backward(loss);
				}
				ws.getGradient().toFloatArray();
				if (i >= 0) t[i] = (System.nanoTime() - t0) / 1e9;
			}
		}
		Arrays.sort(t);
		System.out.println(String.format(Locale.ROOT, "          trunk b%d forward+backward median %.3f s (min %.3f)  RSS %s", 4 << lastBlock,
			t[runs / 2], t[0], ResidentMemory.mb(ResidentMemory.current())));
	}
}
